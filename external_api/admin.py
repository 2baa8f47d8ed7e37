from django.contrib import admin

from external_api.models import PartnerProfile


@admin.register(PartnerProfile)
class PartnerProfileAdmin(admin.ModelAdmin):
    list_display = ("organization_name", "application", "allowed_scopes", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("organization_name", "contact_email", "application__client_id", "application__name")
    autocomplete_fields = ("application",)
    readonly_fields = ("created_at", "updated_at")
