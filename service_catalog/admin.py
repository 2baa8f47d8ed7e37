"""Django admin of service_catalog: reference and support views. Staff work in the
catalog pages, which go through the services."""

from django.contrib import admin

from service_catalog.models import (
    CharterRequirement,
    CharterStep,
    ServiceCatalogEntry,
    ServiceRequest,
    StatusChange,
)


class RequirementInline(admin.TabularInline):
    model = CharterRequirement
    extra = 0


class StepInline(admin.TabularInline):
    model = CharterStep
    extra = 0


@admin.register(ServiceCatalogEntry)
class ServiceCatalogEntryAdmin(admin.ModelAdmin):
    list_display = ("title", "mao", "sector", "classification", "status", "accepting_requests", "source")
    list_filter = ("status", "sector", "classification", "source")
    list_select_related = ("mao",)
    search_fields = ("title", "summary", "slug", "mao__acronym")
    raw_id_fields = ("ppa", "created_by")
    autocomplete_fields = ()
    filter_horizontal = ("coverage_regions", "coverage_provinces")
    readonly_fields = ("uid", "created_at", "updated_at", "published_at")
    inlines = [RequirementInline, StepInline]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = (
        "created_at",
        "from_status",
        "to_status",
        "changed_by",
        "public_note",
        "internal_note",
        "notified_at",
    )
    readonly_fields = fields
    can_delete = False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    list_display = ("tracking_code", "service", "status", "sla_due_on", "channel", "created_at")
    list_filter = ("status", "channel", "source")
    list_select_related = ("service",)
    search_fields = ("tracking_code",)
    raw_id_fields = ("service", "barangay", "community", "assigned_to")
    readonly_fields = (
        "uid",
        "tracking_code",
        "consent_given_at",
        "privacy_notice_version",
        "created_at",
        "updated_at",
    )
    inlines = [StatusChangeInline]
