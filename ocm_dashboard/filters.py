"""The dashboard's filters, shared by the page, the CSV export and the internal API.

Fiscal year (default: the current one), quarter, sector, MAO and a place. The place is also
the drill-down: a region shows its provinces and independent cities, a province its cities
and municipalities, a municipality its communities, a community its PPAs.
"""

from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from common.dates import FiscalYearFormField, current_fiscal_year
from common.filters import FiscalYearFilter
from common.models import Community, Municipality, Province, Region, Sector
from coordination.models import Organization, OrganizationKind
from monitoring.models import MonitoringEntry, PpaStatus
from ocm_dashboard.models import BeneficiaryOverlap, OverlapSeverity, OverlapStatus


def default_fiscal_year() -> int:
    """The year the dashboard opens on: the current one, or the latest before it that has
    entries the dashboard counts (early in a year, or in the demo, the current one may have
    none yet): 1 query."""
    current = current_fiscal_year()
    counted = MonitoringEntry.objects.ppas().exclude(status=PpaStatus.CANCELLED)
    latest = counted.filter(fiscal_year__lte=current).aggregate(year=Max("fiscal_year"))["year"]
    return latest or current


@dataclass(frozen=True)
class DashboardFilters:
    fiscal_year: int
    quarter: int | None = None
    sector: str = ""
    mao: Organization | None = None
    region: Region | None = None
    province: Province | None = None
    municipality: Municipality | None = None
    community: Community | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def is_year_only(self) -> bool:
        """Nothing narrower than the fiscal year: a snapshot can answer."""
        return not any(
            (
                self.quarter,
                self.sector,
                self.mao,
                self.region,
                self.province,
                self.municipality,
                self.community,
            )
        )

    @property
    def place(self) -> tuple[str, int] | None:
        """The most specific place chosen, as (level, id)."""
        for level in ("municipality", "province", "region"):
            chosen = getattr(self, level)
            if chosen is not None:
                return level, chosen.pk
        return None

    def query(self, **overrides) -> dict[str, str]:
        """The filters as URL parameters (uids and PSGC codes, never database ids)."""
        values = {
            "fiscal_year": str(self.fiscal_year),
            "quarter": str(self.quarter or ""),
            "sector": self.sector,
            "mao": str(self.mao.uid) if self.mao else "",
            "region": self.region.psgc_code if self.region else "",
            "province": self.province.psgc_code if self.province else "",
            "municipality": self.municipality.psgc_code if self.municipality else "",
            "community": str(self.community.uid) if self.community else "",
        }
        values.update({key: str(value) for key, value in overrides.items()})
        return {key: value for key, value in values.items() if value}


class DashboardFilterForm(forms.Form):
    fiscal_year = FiscalYearFormField(required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", _("Whole year")), *[(q, f"Q{q}") for q in range(1, 5)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("All sectors")), *Sector.choices], required=False
    )
    mao = forms.ModelChoiceField(
        label=_("MAO"),
        queryset=Organization.objects.filter(kind=OrganizationKind.MAO).order_by("name"),
        to_field_name="uid",
        required=False,
        empty_label=_("All MAOs"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("psgc_code"),
        to_field_name="psgc_code",
        required=False,
        empty_label=_("Regions IX–XII"),
    )
    # The drill-down below the region: set by the page's links, never listed in a select
    # (there are hundreds of places and thousands of communities).
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.select_related("region"),
        to_field_name="psgc_code",
        required=False,
        widget=forms.HiddenInput,
    )
    municipality = forms.ModelChoiceField(
        label=_("City or municipality"),
        queryset=Municipality.objects.select_related("region", "province"),
        to_field_name="psgc_code",
        required=False,
        widget=forms.HiddenInput,
    )
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=Community.objects.select_related("municipality", "province", "region"),
        to_field_name="uid",
        required=False,
        widget=forms.HiddenInput,
    )

    def clean(self):
        data = super().clean()
        # A lower place fixes the higher ones; a contradicting higher one is an error.
        community, municipality, province = (
            data.get("community"),
            data.get("municipality"),
            data.get("province"),
        )
        if community is not None:
            self._inherit(data, "municipality", community.municipality, "community")
            municipality = data.get("municipality")
        if municipality is not None:
            if municipality.province_id:
                self._inherit(data, "province", municipality.province, "municipality")
            self._inherit(data, "region", municipality.region, "municipality")
            province = data.get("province") if municipality.province_id else None
        if province is not None:
            self._inherit(data, "region", province.region, "province")
        return data

    def _inherit(self, data: dict, level: str, implied, child: str) -> None:
        given = data.get(level)
        if given is not None and given != implied:
            self.add_error(child, ValidationError(_("It is not in the chosen %(level)s.") % {"level": level}))
        data[level] = implied

    def filters(self) -> DashboardFilters:
        """Valid filters (call is_valid() first)."""
        data = self.cleaned_data
        return DashboardFilters(
            fiscal_year=data.get("fiscal_year") or default_fiscal_year(),
            quarter=data.get("quarter"),
            sector=data.get("sector") or "",
            mao=data.get("mao"),
            region=data.get("region"),
            province=data.get("province"),
            municipality=data.get("municipality"),
            community=data.get("community"),
        )


class GapFilterForm(DashboardFilterForm):
    """Gaps count every MAO's PPAs over the whole year: no quarter or MAO filter."""

    min_ppas = forms.IntegerField(
        label=_("Fewer PPAs than"), min_value=1, max_value=20, required=False, help_text=_("Default 2.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["quarter"], self.fields["mao"]


class OverlapFilter(django_filters.FilterSet):
    """The overlap queue's filters (page and API)."""

    fiscal_year = FiscalYearFilter()
    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    status = django_filters.ChoiceFilter(choices=OverlapStatus.choices)
    severity = django_filters.ChoiceFilter(choices=OverlapSeverity.choices)
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.order_by("psgc_code"), to_field_name="psgc_code", label=_("Region")
    )
    mao = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.filter(kind=OrganizationKind.MAO).order_by("name"),
        to_field_name="uid",
        method="filter_mao",
        label=_("MAO involved"),
    )

    class Meta:
        model = BeneficiaryOverlap
        fields: list[str] = []

    def filter_mao(self, queryset: QuerySet, name: str, value: Organization) -> QuerySet:
        # Against the register itself, so the answer does not depend on the stored evidence.
        same_year_and_sector = MonitoringEntry.objects.filter(
            implementing_mao=value, fiscal_year=OuterRef("fiscal_year"), sector=OuterRef("sector")
        )
        in_community = same_year_and_sector.filter(communities=OuterRef("community_id"))
        in_municipality = same_year_and_sector.filter(
            communities__isnull=True, coverage_municipality=OuterRef("municipality_id")
        )
        return queryset.filter(Exists(in_community) | (Q(community__isnull=True) & Exists(in_municipality)))
