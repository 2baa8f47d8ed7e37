"""Django admin of ocm_dashboard: overlaps and snapshots, read-only (detection and the
dashboard's review write overlaps; snapshots record what the dashboard showed)."""

from django.contrib import admin
from django.http import HttpRequest

from common.admin import AuditedAdmin
from ocm_dashboard.models import BeneficiaryOverlap, OCMDashboardSnapshot

EVIDENCE = (
    "fiscal_year",
    "sector",
    "level",
    "community",
    "municipality",
    "region",
    "mao_count",
    "ppa_count",
    "combined_budget",
    "combined_beneficiaries",
    "community_population",
    "ppas",
    "severity",
    "detected_at",
    "changed_at",
    "resolved_at",
    "resolved_automatically",
    "resolution_reason",
    "status_before_resolution",
)


@admin.register(BeneficiaryOverlap)
class BeneficiaryOverlapAdmin(AuditedAdmin):
    list_display = ("__str__", "fiscal_year", "sector", "mao_count", "combined_budget", "severity", "status")
    list_filter = ("fiscal_year", "status", "severity", "sector", "level")
    list_select_related = ("community", "municipality__province", "region")
    search_fields = ("community__name", "municipality__name")
    # Detection writes the evidence and reviews happen on the dashboard (with their rules),
    # so the admin only shows them.
    readonly_fields = fields = ("uid", *EVIDENCE, "status", "review_notes", "reviewed_by", "reviewed_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(OCMDashboardSnapshot)
class OCMDashboardSnapshotAdmin(AuditedAdmin):
    list_display = ("__str__", "fiscal_year", "trigger", "taken_by", "duration_ms")
    list_filter = ("fiscal_year", "trigger")
    list_select_related = ("taken_by",)
    date_hierarchy = "taken_at"
    readonly_fields = (
        "uid",
        "fiscal_year",
        "taken_at",
        "taken_on",
        "trigger",
        "taken_by",
        "previous",
        "duration_ms",
        "payload",
        "changes",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
