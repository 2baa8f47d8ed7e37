"""Filters of the PPA register, shared by the staff pages and the internal API."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from common.filters import FiscalYearFilter, search_text
from common.models import Sector
from monitoring.models import EntryCategory, MonitoringEntry, PpaStatus

# Where a PPA counts as being "in" a place: its stated coverage at that level, coverage
# named at a lower level that lies inside the place, or a community it serves there.
PLACE_PATHS = {
    "region": ("coverage_region", "coverage_province__region", "coverage_municipality__region"),
    "province": ("coverage_province", "coverage_municipality__province"),
    "municipality": ("coverage_municipality",),
}


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (NumberFilter accepts decimals such as 2025.5)."""

    field_class = forms.IntegerField


class PpaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search title and description")
    # Bounded like the database constraint, so no value can overflow the column.
    fiscal_year = FiscalYearFilter()
    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    status = django_filters.ChoiceFilter(choices=PpaStatus.choices)
    category = django_filters.ChoiceFilter(choices=EntryCategory.choices)
    implementing_mao = django_filters.UUIDFilter(field_name="implementing_mao__uid", label="Implementing MAO")
    region = django_filters.CharFilter(method="filter_place", label="Region (PSGC code)")
    province = django_filters.CharFilter(method="filter_place", label="Province (PSGC code)")
    municipality = django_filters.CharFilter(method="filter_place", label="City or municipality (PSGC code)")
    community = django_filters.UUIDFilter(method="filter_community", label="Community served")

    class Meta:
        model = MonitoringEntry
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = search_text(value)
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_place(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = Q()
        for path in PLACE_PATHS[name]:
            condition |= Q(**{f"{path}__psgc_code": value})
        serves_there = MonitoringEntry.communities.through.objects.filter(
            monitoringentry_id=OuterRef("pk"), **{f"community__{name}__psgc_code": value}
        )
        return queryset.filter(condition | Exists(serves_there))

    def filter_community(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # Exists rather than a join: one row per PPA whatever else the query joins.
        serves = MonitoringEntry.communities.through.objects.filter(
            monitoringentry_id=OuterRef("pk"), community__uid=value
        )
        return queryset.filter(Exists(serves))
