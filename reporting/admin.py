"""Django admin of reporting: templates can be switched off and renamed; schedules edited
(the pages enforce the recipient rules, so prefer them); generated reports and deliveries
are read-only records."""

from django.contrib import admin
from django.http import HttpRequest

from common.admin import AuditedAdmin
from reporting.models import GeneratedReport, ReportDelivery, ReportSchedule, ReportTemplate


@admin.register(ReportTemplate)
class ReportTemplateAdmin(AuditedAdmin):
    list_display = ("name", "kind", "open_to_mao_focal", "is_active")
    readonly_fields = ("uid", "kind", "parameters", "required_parameters", "open_to_mao_focal")
    fields = ("uid", "kind", "name", "description", "formats", *readonly_fields[2:], "is_active")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the five kinds are code (reporting.kinds), installed by a migration


@admin.register(ReportSchedule)
class ReportScheduleAdmin(AuditedAdmin):
    list_display = ("name", "template", "mao", "frequency", "offset_days", "enabled", "last_period")
    list_filter = ("frequency", "enabled", "template")
    list_select_related = ("template", "mao")
    search_fields = ("name",)
    autocomplete_fields = ("recipients",)
    readonly_fields = (
        "uid",
        "template",
        "mao",
        "community",
        "parameters",
        "created_by",
        "last_period",
        "last_run_at",
    )


@admin.register(GeneratedReport)
class GeneratedReportAdmin(AuditedAdmin):
    list_display = ("title", "format", "status", "progress", "attempts", "queued_at", "finished_at")
    list_filter = ("status", "format", "template")
    list_select_related = ("template",)
    search_fields = ("title",)
    date_hierarchy = "queued_at"
    readonly_fields = fields = (
        "uid",
        "template",
        "title",
        "parameters",
        "mao",
        "format",
        "status",
        "progress",
        "error",
        "attempts",
        "requested_by",
        "schedule",
        "period",
        "file",
        "size",
        "sha256",
        "snapshot_uid",
        "data_as_of",
        "queued_at",
        "started_at",
        "heartbeat_at",
        "finished_at",
        "expires_at",
        "expired_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ReportDelivery)
class ReportDeliveryAdmin(AuditedAdmin):
    list_display = ("report", "recipient", "channel", "status", "sent_at")
    list_filter = ("channel", "status")
    list_select_related = ("report", "recipient")
    readonly_fields = fields = (
        "uid",
        "report",
        "recipient",
        "channel",
        "status",
        "reference",
        "error",
        "sent_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
