"""Admin of partner data sharing: clients, agreements, webhook endpoints and deliveries, and
the access log (read-only: no add, change or delete, whoever asks)."""

from django.contrib import admin

from external_api.models import (
    AccessLogEntry,
    DataSharingAgreement,
    PartnerProfile,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)


@admin.register(PartnerProfile)
class PartnerProfileAdmin(admin.ModelAdmin):
    list_display = (
        "organization_name",
        "organization",
        "application",
        "allowed_scopes",
        "is_active",
        "created_at",
    )
    list_filter = ("is_active",)
    search_fields = ("organization_name", "contact_email", "application__client_id", "application__name")
    autocomplete_fields = ("application",)
    raw_id_fields = ("organization",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(DataSharingAgreement)
class DataSharingAgreementAdmin(admin.ModelAdmin):
    list_display = ("partner", "reference", "max_classification", "start_date", "end_date", "status")
    list_filter = ("status", "max_classification")
    search_fields = ("partner__name", "reference", "purpose")
    raw_id_fields = ("partner", "created_by")
    readonly_fields = ("uid", "created_at", "updated_at", "revoked_at")


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "partner_name",
        "oauth_client_id",
        "direction",
        "method",
        "endpoint",
        "status_code",
    )
    list_filter = ("direction", "status_code")
    search_fields = ("partner_name", "oauth_client_id", "endpoint", "path")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("attempted_at", "status_code", "duration_ms", "error")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("url", "client", "is_active", "disabled_at", "created_at")
    list_filter = ("is_active",)
    search_fields = ("url", "client__organization_name")
    raw_id_fields = ("client",)
    # The signing secrets are never shown, not even to administrators.
    exclude = ("secret", "previous_secret")
    readonly_fields = ("uid", "failing_since", "disabled_at", "previous_secret_expires_at")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "endpoint", "status", "attempt_count", "next_attempt_at", "last_status_code")
    list_filter = ("status",)
    raw_id_fields = ("endpoint", "event")
    readonly_fields = ("uid", "payload", "attempt_count", "last_status_code", "last_error", "succeeded_at")
    inlines = [WebhookAttemptInline]
