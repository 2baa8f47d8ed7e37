"""The public accountability view: "what is being done for my community" (Decidim's
accountability module is the anchor). Reads only what is public: PPAs of the register
(never OBC requests, which carry what a community asked for), their MAO, budget and
progress, and communities only when their classification is public."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from common.models import Barangay, DataClassification, Municipality
from monitoring.models import MonitoringEntry


@dataclass(frozen=True)
class Accountability:
    place: Municipality | Barangay
    municipality: Municipality
    ppas: list[MonitoringEntry]
    total_budget: Decimal
    barangays: list[Barangay]


def _public_ppas() -> QuerySet[MonitoringEntry]:
    return MonitoringEntry.objects.ppas().with_money().select_related("implementing_mao")


def accountability_places() -> QuerySet[Municipality]:
    """Cities and municipalities where at least one PPA is recorded, for the chooser."""
    served = Q(pk__in=_public_ppas().values("coverage_municipality")) | Q(
        pk__in=_public_ppas()
        .filter(communities__classification=DataClassification.PUBLIC)
        .values("communities__barangay__municipality")
    )
    return (
        Municipality.objects.filter(served)
        .select_related("province", "region")
        .order_by("province__name", "name")
    )


def accountability_for(*, psgc_code: str) -> Accountability | None:
    """PPAs serving a city or municipality (its coverage, or a public community in it), or a
    barangay (a public community in it, or its whole municipality). None for an unknown code."""
    barangay = Barangay.objects.select_related("municipality__province").filter(psgc_code=psgc_code).first()
    municipality = (
        barangay.municipality
        if barangay
        else Municipality.objects.select_related("province").filter(psgc_code=psgc_code).first()
    )
    if municipality is None:
        return None
    public_community = Q(communities__classification=DataClassification.PUBLIC)
    if barangay is not None:
        serving = Q(coverage_municipality=municipality) | (
            public_community & Q(communities__barangay=barangay)
        )
    else:
        serving = Q(coverage_municipality=municipality) | (
            public_community & Q(communities__barangay__municipality=municipality)
        )
    ppas = list(
        _public_ppas()
        .filter(pk__in=_public_ppas().filter(serving).values("pk"))
        .order_by("-fiscal_year", "implementing_mao__name", "title")
    )
    barangays = list(
        Barangay.objects.filter(
            municipality=municipality,
            community__classification=DataClassification.PUBLIC,
            community__ppas__isnull=False,
        )
        .distinct()
        .order_by("name")
    )
    total = sum((ppa.budget_allocated for ppa in ppas), Decimal(0))
    return Accountability(
        place=barangay or municipality,
        municipality=municipality,
        ppas=ppas,
        total_budget=total,
        barangays=barangays,
    )
