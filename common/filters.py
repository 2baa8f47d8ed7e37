"""Filters for geography, communities and needs, shared by the internal API and the staff pages.

Places are filtered by their PSGC code, communities by their uid: never by database ids.
"""

import django_filters
from django.db.models import Q, QuerySet

from common.dates import FiscalYearFormField
from common.models import (
    Barangay,
    Community,
    EthnolinguisticGroup,
    Municipality,
    MunicipalityKind,
    Need,
    NeedStatus,
    NeedUrgency,
    PovertyBand,
    Province,
    Sector,
)


class FiscalYearFilter(django_filters.NumberFilter):
    """A fiscal year in a FilterSet: whole numbers within the registers' bounds, so no value
    can overflow a column (NumberFilter alone accepts 2025.5)."""

    field_class = FiscalYearFormField


def _psgc(field_name: str, label: str, **kwargs) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        field_name=f"{field_name}__psgc_code", label=f"{label} PSGC code", **kwargs
    )


# Longer searches are cut here: no one types more, and a 50,000-character LIKE pattern is
# "too complex" for SQLite (a 500) and slow everywhere. NUL bytes cannot be in a query.
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 10


def search_text(value: str | None) -> str:
    """Search input as it may reach a query: without NUL bytes, at most SEARCH_MAX_LENGTH."""
    return (value or "").replace("\x00", "")[:SEARCH_MAX_LENGTH].strip()


def search_words(queryset: QuerySet, fields: tuple[str, ...], value: str) -> QuerySet:
    """Rows where any of `fields` contains every word of `value` (its first few words)."""
    for word in search_text(value).split()[:SEARCH_MAX_WORDS]:
        queryset = queryset.filter(
            Q.create([(f"{field}__icontains", word) for field in fields], connector=Q.OR)
        )
    return queryset


class ProvinceFilter(django_filters.FilterSet):
    region = _psgc("region", "Region")

    class Meta:
        model = Province
        fields = ["region"]


class MunicipalityFilter(django_filters.FilterSet):
    region = _psgc("region", "Region")
    province = _psgc("province", "Province")
    kind = django_filters.ChoiceFilter(choices=MunicipalityKind.choices)
    is_huc = django_filters.BooleanFilter(label="Highly urbanised city")

    class Meta:
        model = Municipality
        fields = ["region", "province", "kind", "is_huc"]


class BarangayFilter(django_filters.FilterSet):
    # Required: 6,598 barangays in one list help nobody; choose the city or municipality first.
    municipality = _psgc("municipality", "City or municipality", required=True)

    class Meta:
        model = Barangay
        fields = ["municipality"]


class CommunityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name, other names, barangay or municipality")
    region = _psgc("region", "Region")
    province = _psgc("province", "Province")
    municipality = _psgc("municipality", "City or municipality")
    ethnolinguistic_group = django_filters.ChoiceFilter(choices=EthnolinguisticGroup.choices)
    poverty_band = django_filters.ChoiceFilter(choices=PovertyBand.choices)

    class Meta:
        model = Community
        fields = ["q", "region", "province", "municipality", "ethnolinguistic_group", "poverty_band"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_words(queryset, ("name", "other_names", "barangay__name", "municipality__name"), value)


class NeedFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Title or description")
    community = django_filters.UUIDFilter(field_name="community__uid", label="Community uid")
    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    urgency = django_filters.ChoiceFilter(choices=NeedUrgency.choices)
    status = django_filters.ChoiceFilter(choices=NeedStatus.choices)
    region = _psgc("community__region", "Region")

    class Meta:
        model = Need
        fields = ["q", "community", "sector", "urgency", "status", "region"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_words(queryset, ("title", "description"), value)
