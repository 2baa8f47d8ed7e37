"""Filters of the PPA register: the selector, the page's filter bar and the internal API
read this one definition."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from common.filter_forms import province_choices, region_choices
from common.filters import FiscalYearFilter, ListFilterSet, choices_widget, search_text
from common.models import Sector
from common.permissions import Area
from common.scoping import is_own_mao_scoped
from coordination.selectors import organization_list
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


class PpaFilter(ListFilterSet):
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

    bar_fields = (
        "q",
        "fiscal_year",
        "sector",
        "status",
        "category",
        "implementing_mao",
        "region",
        "province",
    )
    bar_labels = {
        "q": _("Search"),
        "implementing_mao": _("MAO"),
        "region": _("Region"),
        "province": _("Province"),
    }
    search_placeholder = _("Title or description")

    def bar_widgets(self) -> dict[str, forms.Widget]:
        return {"region": choices_widget(region_choices), "province": choices_widget(province_choices)}

    def adapt_bar(self, form: forms.Form, user) -> None:
        if is_own_mao_scoped(user, Area.REGISTRY):
            del form.fields["implementing_mao"]  # the user's own MAO: nothing to choose
            return
        maos = organization_list(user=user, filters={"kind": "mao"})
        form.fields["implementing_mao"].widget = choices_widget(
            lambda: [(str(mao.uid), str(mao)) for mao in maos]
        )

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
