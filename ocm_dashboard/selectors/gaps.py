"""Gaps: communities with validated needs that too few PPAs serve, and sectors whose need
exceeds what their PPAs plan to reach.

Gaps look at the whole fiscal year and at every MAO: the quarter and MAO filters do not
apply (a need is unmet whoever fails to meet it). Sector and place filters do.
"""

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Sum

from common.models import Need, NeedStatus, Sector
from ocm_dashboard.filters import DashboardFilters
from ocm_dashboard.selectors.coverage import weighted_need
from ocm_dashboard.selectors.scope import PpaCommunity, database, money, ppa_scope

DEFAULT_MIN_PPAS = 2


def gap_threshold(min_ppas: int | None = None) -> int:
    """A community is a gap when fewer PPAs than this serve it (setting OCM_DASHBOARD_GAP_MIN_PPAS)."""
    return min_ppas or getattr(settings, "OCM_DASHBOARD_GAP_MIN_PPAS", DEFAULT_MIN_PPAS)


def _gap_ppas(filters: DashboardFilters, using: str | None) -> QuerySet:
    return ppa_scope(filters, using=using, by_quarter=False, by_mao=False)


def _year_links(filters: DashboardFilters, using: str) -> QuerySet:
    return PpaCommunity.objects.using(using).filter(
        monitoringentry__in=_gap_ppas(filters, using).values("pk")
    )


def _validated_needs(filters: DashboardFilters, using: str) -> QuerySet[Need]:
    needs = Need.objects.using(using).filter(status=NeedStatus.VALIDATED)
    if filters.sector:
        needs = needs.filter(sector=filters.sector)
    if filters.community is not None:
        return needs.filter(community=filters.community)
    if filters.place is not None:
        level, place_id = filters.place
        needs = needs.filter(**{f"community__{level}_id": place_id})
    return needs


def community_gap_list(
    *, filters: DashboardFilters, min_ppas: int | None = None, using: str | None = None
) -> QuerySet:
    """Communities with validated needs and fewer than `min_ppas` PPAs serving them in the
    fiscal year, most unmet need (affected population × urgency weight) first: one row
    (a dict) per community, grouped from its validated needs. The communities served
    enough are found once, as a set (NOT IN), never counted community by community."""
    using = database(using)
    served_enough = (
        _year_links(filters, using)
        .values("community_id")
        .annotate(total=Count("id"))
        .filter(total__gte=gap_threshold(min_ppas))
        .values("community_id")
    )
    return (
        _validated_needs(filters, using)
        .exclude(community_id__in=served_enough)
        .values(
            "community_id",
            community_uid=F("community__uid"),
            community_name=F("community__name"),
            population=F("community__estimated_obc_population"),
            municipality_name=F("community__municipality__name"),
            municipality_psgc=F("community__municipality__psgc_code"),
            province_name=F("community__province__name"),
            region_name=F("community__region__short_name"),
        )
        .annotate(
            validated_needs=Count("id"), affected=Sum("affected_population"), unmet_need=weighted_need()
        )
        .order_by("-unmet_need", "community_name", "community_id")
    )


def gap_rows(rows, *, filters: DashboardFilters, using: str | None = None) -> list[dict]:
    """Gap rows ready to show, with the PPAs serving each community (one more query)."""
    rows = list(rows)
    using = database(using)
    serving = dict(
        _year_links(filters, using)
        .filter(community_id__in=[row["community_id"] for row in rows])
        .values("community_id")
        .annotate(total=Count("id"))
        .values_list("community_id", "total")
    )
    return [
        {
            "uid": str(row["community_uid"]),
            "name": row["community_name"],
            "municipality": row["municipality_name"],
            "municipality_psgc": row["municipality_psgc"],
            "province": row["province_name"] or "",
            "region": row["region_name"],
            "obc_population": row["population"],
            "ppas": serving.get(row["community_id"], 0),
            "validated_needs": row["validated_needs"],
            "affected_population": row["affected"],
            "unmet_need": row["unmet_need"],
        }
        for row in rows
    ]


def sector_gaps(*, filters: DashboardFilters, using: str | None = None) -> list[dict]:
    """Per sector: validated needs, the population they affect, how much of it lives in
    communities no PPA of that sector serves, against the beneficiaries the sector's PPAs
    plan to reach. Need exceeds coverage when the affected population is larger than those
    beneficiaries, or some community with the need is not served at all: 3 queries."""
    using = database(using)
    ppas = _gap_ppas(filters, using)
    served_in_sector = PpaCommunity.objects.filter(
        community_id=OuterRef("community_id"),
        monitoringentry__sector=OuterRef("sector"),
        monitoringentry__in=ppas.values("pk"),
    )
    needs = _validated_needs(filters, using).order_by().values("sector")
    rows = {
        row["sector"]: row
        for row in needs.annotate(
            validated_needs=Count("id"),
            communities_with_need=Count("community_id", distinct=True),
            affected=Sum("affected_population"),
        )
    }
    # In WHERE, so the database answers with one anti-join rather than a lookup per need.
    unserved = {
        row["sector"]: row
        for row in needs.filter(~Exists(served_in_sector)).annotate(
            unserved_communities=Count("community_id", distinct=True),
            unserved_affected=Sum("affected_population"),
        )
    }
    planned = {
        row["sector"]: row
        for row in ppas.values("sector").annotate(
            beneficiaries=Sum("beneficiaries_individuals"), budget_allocated=Sum("budget_allocated")
        )
    }
    result = []
    for sector in [filters.sector] if filters.sector else Sector.values:
        need, missing = rows.get(sector, {}), unserved.get(sector, {})
        affected = need.get("affected") or 0
        reach = planned.get(sector, {}).get("beneficiaries") or 0
        unserved_communities = missing.get("unserved_communities") or 0
        result.append(
            {
                "sector": sector,
                "label": str(Sector(sector).label),
                "validated_needs": need.get("validated_needs") or 0,
                "communities_with_need": need.get("communities_with_need") or 0,
                "affected_population": affected,
                "unserved_communities": unserved_communities,
                "unserved_population": missing.get("unserved_affected") or 0,
                "beneficiaries": reach,
                "budget_allocated": money(planned.get(sector, {}).get("budget_allocated")),
                "shortfall": max(affected - reach, 0),
                "need_exceeds_coverage": affected > reach or unserved_communities > 0,
            }
        )
    return sorted(result, key=lambda row: (-row["shortfall"], -row["unserved_population"], row["sector"]))
