"""Filters for geography, communities and needs, shared by the internal API and the staff pages.

Places are filtered by their PSGC code, communities by their uid: never by database ids.
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from common.dates import FiscalYearFormField
from common.filter_forms import ANY, province_choices, region_choices
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


class ListFilterSet(django_filters.FilterSet):
    """A FilterSet that is also its list page's filter bar: the one definition of a list's
    filters (names, choices, validation), read by the page's selector, rendered by the page
    (`bar()`, through templates/includes/filter_form.html) and taken by the API.

    `bar_fields` names the filters the page shows, in order (the API takes them all);
    `bar_labels` gives a shown filter a shorter page label where its own label is worded for
    the API's documentation; `bar_widgets` lets a code filter (a PSGC code, a uid) show a
    list of choices on the page while the API keeps taking the code; `adapt_bar(form, user)`
    drops what a user need not choose (a MAO focal person's own MAO)."""

    bar_fields: tuple[str, ...] = ()
    bar_labels: dict = {}
    search_placeholder = None

    def bar_widgets(self) -> dict[str, forms.Widget]:
        return {}

    # Values a page fills in when the visitor gave none (the triage's "open" status): they do
    # not count as a filter in use, so the bar stays folded on a phone (ui.filters_in_use).
    bar_defaults: dict[str, str] = {}

    def adapt_bar(self, form: forms.Form, user) -> None:
        """Per-user changes to the bar (none by default)."""

    def bar(self, user=None) -> forms.Form:
        """The FilterSet's form restricted to `bar_fields`, bound to the same query string,
        with "Any" as every list's empty choice."""
        form_class = self.get_form_class()
        form = form_class(self.data, prefix=self.form_prefix) if self.is_bound else form_class()
        for name in [name for name in form.fields if name not in self.bar_fields]:
            del form.fields[name]
        form.order_fields(self.bar_fields)
        widgets = self.bar_widgets()
        for name, field in form.fields.items():
            field.label = self.bar_labels.get(name, field.label)
            field.help_text = ""  # the API's description, not the page's
            if name in widgets:
                field.widget = widgets[name]
            if hasattr(field, "empty_label"):
                field.empty_label = ANY
        if self.search_placeholder and "q" in form.fields:
            form.fields["q"].widget.input_type = "search"
            form.fields["q"].widget.attrs["placeholder"] = self.search_placeholder
        form.defaults = dict(self.bar_defaults)
        self.adapt_bar(form, user)
        return form


def choices_widget(choices) -> forms.Select:
    """A select for a filter that takes a code: `choices` is a callable, read when the page
    renders, with "Any" first."""
    return forms.Select(choices=lambda: [("", ANY), *choices()])


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


class CommunityFilter(ListFilterSet):
    q = django_filters.CharFilter(method="search", label="Name, other names, barangay or municipality")
    region = _psgc("region", "Region")
    province = _psgc("province", "Province")
    municipality = _psgc("municipality", "City or municipality")
    ethnolinguistic_group = django_filters.ChoiceFilter(choices=EthnolinguisticGroup.choices)
    poverty_band = django_filters.ChoiceFilter(choices=PovertyBand.choices)

    class Meta:
        model = Community
        fields = ["q", "region", "province", "municipality", "ethnolinguistic_group", "poverty_band"]

    bar_fields = ("q", "region", "province", "ethnolinguistic_group", "poverty_band")
    bar_labels = {"q": _("Search"), "region": _("Region"), "province": _("Province")}
    search_placeholder = _("Name, barangay or municipality")

    def bar_widgets(self) -> dict[str, forms.Widget]:
        return {"region": choices_widget(region_choices), "province": choices_widget(province_choices)}

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
