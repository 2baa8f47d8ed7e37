"""Django admin of automation: series, their meetings, reminders, reports, calendar feeds.

Reminders and feed tokens are read-only here: reminders are written by the sender (changing
one by hand could send it twice), and a token's hash is useless to a person.
"""

from django.contrib import admin

from automation.models import (
    CalendarFeedToken,
    MeetingReminder,
    PreMeetingReport,
    QuarterlyMeetingSeries,
    SeriesMeeting,
)
from common.admin import AuditedAdmin, CreatedByAdmin


class SeriesMeetingInline(admin.TabularInline):
    model = SeriesMeeting
    fields = ("quarter", "engagement", "sequence")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(QuarterlyMeetingSeries)
class QuarterlyMeetingSeriesAdmin(CreatedByAdmin):
    list_display = ("title", "fiscal_year", "scope", "mao", "description", "is_active")
    list_filter = ("fiscal_year", "scope", "is_active")
    search_fields = ("title", "mao__name", "mao__acronym")
    list_select_related = ("mao", "organizer")
    autocomplete_fields = ("mao", "organizer")
    inlines = [SeriesMeetingInline]


@admin.register(MeetingReminder)
class MeetingReminderAdmin(AuditedAdmin):
    list_display = ("engagement", "participant", "channel", "kind", "due_at", "status", "attempts", "sent_at")
    list_filter = ("status", "channel", "kind")
    search_fields = ("engagement__title", "participant__focal_person__full_name")
    list_select_related = ("engagement", "participant__focal_person", "participant__organization")
    date_hierarchy = "due_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PreMeetingReport)
class PreMeetingReportAdmin(AuditedAdmin):
    list_display = ("organization", "engagement", "status", "ppa_count", "submitted_at")
    list_filter = ("status",)
    search_fields = ("organization__name", "organization__acronym", "engagement__title")
    list_select_related = ("organization", "engagement", "submitted_by")
    readonly_fields = ("ppas", "prefilled_at", "submitted_by", "submitted_at")
    raw_id_fields = ("engagement",)
    autocomplete_fields = ("organization",)


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(AuditedAdmin):
    list_display = ("token_hint", "owner", "kind", "series", "organization", "revoked_at", "last_used_at")
    list_filter = ("kind",)
    search_fields = ("owner__username", "token_hint")
    list_select_related = ("owner", "series", "organization")
    readonly_fields = ("token_hash", "token_hint", "owner", "kind", "series", "organization", "last_used_at")

    def has_add_permission(self, request) -> bool:
        return False
