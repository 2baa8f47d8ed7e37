"""Django admin of monitoring: the PPA register, indicators and progress updates."""

from django.contrib import admin
from django.db.models import Count

from common.admin import AuditedAdmin, CreatedByAdmin
from monitoring.models import Indicator, MonitoringEntry, MonitoringUpdate


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ("kind", "description", "unit", "target_text", "target_value", "actual_value", "order")
    extra = 0


class UpdateInline(admin.StackedInline):
    model = MonitoringUpdate
    fields = (
        ("reported_on", "progress", "status"),
        ("budget_utilized", "beneficiaries_reached", "reported_by"),
        "accomplishments",
        "challenges",
        "next_steps",
    )
    autocomplete_fields = ("reported_by",)
    extra = 0
    show_change_link = True


@admin.register(MonitoringEntry)
class MonitoringEntryAdmin(CreatedByAdmin):
    list_display = (
        "title",
        "category",
        "implementing_mao",
        "fiscal_year",
        "sector",
        "status",
        "progress",
        "budget_allocated",
        "budget_utilized",
        "earmarked_amount",
        "community_count",
        "source",
    )
    list_filter = (
        "category",
        "kind",
        "fiscal_year",
        "sector",
        "status",
        "request_status",
        "funding_source",
        "source",
        ("implementing_mao", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("title", "description", "implementing_mao__name", "implementing_mao__acronym")
    list_select_related = ("implementing_mao",)
    autocomplete_fields = (
        "implementing_mao",
        "coverage_region",
        "coverage_province",
        "coverage_municipality",
        "communities",
        "needs_addressed",
        "requesting_community",
        "answered_by",
    )
    annotations = {"community_total": Count("communities", distinct=True)}
    inlines = (IndicatorInline, UpdateInline)

    @admin.display(description="communities", ordering="community_total")
    def community_count(self, entry: MonitoringEntry) -> int:
        return entry.community_total


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = (
        "short_description",
        "entry",
        "kind",
        "unit",
        "target_text",
        "target_value",
        "actual_value",
    )
    list_filter = ("kind", "unit")
    search_fields = ("description", "entry__title")
    list_select_related = ("entry",)
    autocomplete_fields = ("entry",)

    @admin.display(description="indicator", ordering="description")
    def short_description(self, indicator: Indicator) -> str:
        return str(indicator)


@admin.register(MonitoringUpdate)
class MonitoringUpdateAdmin(AuditedAdmin):
    list_display = ("entry", "reported_on", "progress", "status", "budget_utilized", "reported_by")
    list_filter = ("status",)
    search_fields = ("entry__title", "accomplishments", "challenges")
    list_select_related = ("entry", "reported_by")
    autocomplete_fields = ("entry", "reported_by")
    date_hierarchy = "reported_on"
