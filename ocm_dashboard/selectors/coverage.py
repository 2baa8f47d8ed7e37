"""Geographic coverage: region → province (and independent city) → city or municipality →
community → PPAs, with PPAs, budget, beneficiaries, OBC communities and their population,
communities served, coverage share and cost per beneficiary.

Each level is a fixed handful of GROUP BY queries whatever the number of PPAs; the rows are
merged by place (at most a few hundred) in Python.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db import connections
from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from common.models import URGENCY_WEIGHT, Community, Municipality, Need, NeedStatus, Province, Region
from ocm_dashboard.filters import DashboardFilters
from ocm_dashboard.selectors.scope import (
    PpaCommunity,
    cost_per,
    coverage_keys,
    link_scope,
    money,
    names_a_community,
    place_keys,
    ratio,
    same_place,
)

PPA_SUMS = ("ppas", "budget_allocated", "budget_utilized", "beneficiaries")
UNPLACED = "unplaced"


PPA_FIELDS = {
    "budget_allocated": "budget_allocated",
    "budget_utilized": "budget_utilized",
    "beneficiaries": "beneficiaries_individuals",
}
ONCE_PER_PPA_SCALE = Decimal(10**13)


def _ppa_sums(prefix: str = "") -> dict:
    return {name: Sum(f"{prefix}{field}") for name, field in PPA_FIELDS.items()}


def _community_stats(prefix: str = "communities__") -> dict:
    return {
        "obc_communities": Count(f"{prefix}id"),
        "obc_population": Sum(f"{prefix}estimated_obc_population"),
        "latitude": Avg(f"{prefix}latitude"),
        "longitude": Avg(f"{prefix}longitude"),
    }


def _places(level: str, filters: DashboardFilters, using: str) -> list[dict]:
    """The places of a level inside the chosen place, with their OBC communities."""
    if level == "region":
        regions = Region.objects.using(using)
        if filters.region is not None:
            regions = regions.filter(pk=filters.region.pk)
        rows = regions.values("id", "psgc_code", "name", "short_name").annotate(**_community_stats())
        return [_place(row, "region", (row["id"],), region=row["psgc_code"]) for row in rows]
    if level == "province":
        provinces = Province.objects.using(using)
        cities = Municipality.objects.using(using).filter(province__isnull=True)
        if filters.region is not None:
            provinces, cities = provinces.filter(region=filters.region), cities.filter(region=filters.region)
        if filters.province is not None:
            provinces, cities = provinces.filter(pk=filters.province.pk), cities.none()
        province_rows = provinces.values("id", "psgc_code", "name", "region__psgc_code").annotate(
            **_community_stats()
        )
        city_rows = cities.values("id", "psgc_code", "name", "region__psgc_code").annotate(
            **_community_stats()
        )
        return [
            *(
                _place(row, "province", (row["id"], None), region=row["region__psgc_code"])
                for row in province_rows
            ),
            *(_place(row, "city", (None, row["id"]), region=row["region__psgc_code"]) for row in city_rows),
        ]
    municipalities = Municipality.objects.using(using)
    if filters.municipality is not None:
        municipalities = municipalities.filter(pk=filters.municipality.pk)
    elif filters.province is not None:
        municipalities = municipalities.filter(province=filters.province)
    elif filters.region is not None:
        municipalities = municipalities.filter(region=filters.region)
    rows = municipalities.values(
        "id", "psgc_code", "name", "kind", "region__psgc_code", "province__psgc_code"
    ).annotate(**_community_stats())
    return [
        _place(
            row,
            "municipality",
            (row["id"],),
            region=row["region__psgc_code"],
            province=row["province__psgc_code"] or "",
            municipality_kind=row["kind"],
        )
        for row in rows
    ]


def _place(row: dict, kind: str, key: tuple, **extra) -> dict:
    return {
        "key": key,
        "kind": kind,
        "psgc": row["psgc_code"],
        "name": row["name"],
        "obc_communities": row["obc_communities"],
        "obc_population": row["obc_population"] or 0,
        "latitude": _coordinate(row["latitude"]),
        "longitude": _coordinate(row["longitude"]),
        **extra,
    }


def _coordinate(value) -> float | None:
    return round(float(value), 5) if value is not None else None


def coverage_rows(
    *, level: str, filters: DashboardFilters, ppas: QuerySet, include_empty: bool = False
) -> list[dict]:
    """One row per place of `level` inside the chosen place: 3 queries (4 for provinces;
    one more on SQLite).

    A place is listed when it has OBC communities or PPAs (or always, with include_empty).
    A last row, kind "unplaced", holds PPAs that have no place at this level (their stated
    coverage is wider), so the PPA column adds up."""
    using = ppas.db
    links = link_scope(filters, ppas)
    keys = place_keys(level, "community__")
    if connections[using].vendor == "postgresql":
        via_links = served = links.values(**keys).annotate(
            ppas=Count("monitoringentry_id", distinct=True),
            communities_served=Count("community_id", distinct=True),
            **{name: once_per_ppa(f"monitoringentry__{field}") for name, field in PPA_FIELDS.items()},
        )
    else:
        via_links, served = _first_links_per_place(level, links, ppas, keys)
    via_coverage = (
        ppas.filter(~names_a_community())
        .values(**coverage_keys(level))
        .annotate(ppas=Count("id"), **_ppa_sums())
    )
    figures: dict[tuple, dict] = {}
    for row in [*via_links, *via_coverage]:
        key = tuple(row[name] for name in keys)
        totals = figures.setdefault(key, dict.fromkeys(PPA_SUMS, 0))
        for name in PPA_SUMS:
            totals[name] += row[name] or 0
    served_by_key = {tuple(row[name] for name in keys): row["communities_served"] for row in served}

    rows = []
    for place in _places(level, filters, using):
        sums = figures.pop(place["key"], None)
        if sums is None and not place["obc_communities"] and not include_empty:
            continue
        rows.append(
            _coverage_row(place, sums or dict.fromkeys(PPA_SUMS, 0), served_by_key.get(place["key"], 0))
        )
    rows.sort(key=lambda row: (row["kind"] == "city", row["name"]))
    leftover = [sums for key, sums in figures.items()]
    if leftover:
        rows.append(_unplaced_row(leftover))
    return rows


def once_per_ppa(field: str) -> ExpressionWrapper:
    """SUM of a PPA figure over links, each PPA once, in one pass (PostgreSQL's exact numeric):
    SUM(DISTINCT ppa_id × 10^13 + figure) − SUM(DISTINCT ppa_id) × 10^13. Every term of the
    first sum is unique to its PPA (figures stay below 10^13: money is 14 digits with 2
    decimals), so DISTINCT keeps exactly one term per PPA; the second sum takes the ids
    back out, leaving the sum of the figures."""
    key = Cast("monitoringentry_id", DecimalField(max_digits=38, decimal_places=2))
    value = Coalesce(F(field), Value(0), output_field=DecimalField(max_digits=38, decimal_places=2))
    return ExpressionWrapper(
        Sum(key * Value(ONCE_PER_PPA_SCALE) + value, distinct=True)
        - Sum(key, distinct=True) * Value(ONCE_PER_PPA_SCALE),
        output_field=DecimalField(max_digits=38, decimal_places=2),
    )


def _first_links_per_place(level: str, links: QuerySet, ppas: QuerySet, keys: dict) -> tuple:
    """The portable way (SQLite): sum only each PPA's first link (lowest community id) in a
    place, found with an anti-join; communities served in a second query."""
    earlier_link_same_place = PpaCommunity.objects.filter(
        same_place(level),
        monitoringentry_id=OuterRef("monitoringentry_id"),
        community_id__lt=OuterRef("community_id"),
        monitoringentry__in=ppas.values("pk"),
    )
    via_links = (
        links.filter(~Exists(earlier_link_same_place))
        .values(**keys)
        .annotate(ppas=Count("id"), **_ppa_sums("monitoringentry__"))
    )
    served = links.values(**keys).annotate(communities_served=Count("community_id", distinct=True))
    return via_links, served


def _coverage_row(place: dict, sums: dict, served: int) -> dict:
    row = {key: value for key, value in place.items() if key != "key"}
    row.update(
        ppas=sums["ppas"],
        budget_allocated=money(sums["budget_allocated"]),
        budget_utilized=money(sums["budget_utilized"]),
        beneficiaries=int(sums["beneficiaries"]),
        communities_served=served,
        coverage_share=ratio(served, place["obc_communities"]),
        cost_per_beneficiary=cost_per(sums["budget_allocated"], sums["beneficiaries"]),
    )
    return row


def _unplaced_row(leftover: Iterable[dict]) -> dict:
    total = dict.fromkeys(PPA_SUMS, 0)
    for sums in leftover:
        for name in PPA_SUMS:
            total[name] += sums[name]
    place = {"kind": UNPLACED, "psgc": "", "name": "", "obc_communities": 0, "obc_population": 0}
    place.update(latitude=None, longitude=None)
    return _coverage_row(place, total, 0)


def weighted_need() -> Sum:
    """Unmet need of validated needs: affected population × urgency weight."""
    weight = Case(
        *[
            When(urgency=urgency, then=F("affected_population") * weight)
            for urgency, weight in URGENCY_WEIGHT.items()
        ],
        default=Value(0),
        output_field=IntegerField(),
    )
    return Sum(weight)


def need_subquery(aggregate, *, sector: str = "") -> Coalesce:
    """A correlated figure of a community's validated needs (count, population, weighted)."""
    needs = Need.objects.filter(community_id=OuterRef("pk"), status=NeedStatus.VALIDATED)
    if sector:
        needs = needs.filter(sector=sector)
    figure = needs.order_by().values("community_id").annotate(figure=aggregate).values("figure")
    return Coalesce(Subquery(figure, output_field=IntegerField()), 0)


def community_rows(*, filters: DashboardFilters, ppas: QuerySet) -> list[dict]:
    """The communities of the chosen city or municipality with what serves them: 1 query.
    At this level a PPA serving several communities counts whole in each."""
    chosen = Q(ppas__in=ppas.values("pk"))
    communities = (
        Community.objects.using(ppas.db)
        .filter(municipality=filters.municipality)
        .annotate(
            ppa_count=Count("ppas", filter=chosen),
            budget_allocated=Sum("ppas__budget_allocated", filter=chosen),
            budget_utilized=Sum("ppas__budget_utilized", filter=chosen),
            beneficiaries=Sum("ppas__beneficiaries_individuals", filter=chosen),
            validated_needs=need_subquery(Count("id"), sector=filters.sector),
            unmet_need=need_subquery(weighted_need(), sector=filters.sector),
        )
        .order_by("name")
        .values(
            "uid",
            "name",
            "barangay__psgc_code",
            "estimated_obc_population",
            "latitude",
            "longitude",
            "ppa_count",
            "budget_allocated",
            "budget_utilized",
            "beneficiaries",
            "validated_needs",
            "unmet_need",
        )
    )
    return [
        {
            "kind": "community",
            "uid": str(row["uid"]),
            "psgc": row["barangay__psgc_code"],
            "name": row["name"],
            "obc_population": row["estimated_obc_population"],
            "latitude": _coordinate(row["latitude"]),
            "longitude": _coordinate(row["longitude"]),
            "ppas": row["ppa_count"],
            "budget_allocated": money(row["budget_allocated"]),
            "budget_utilized": money(row["budget_utilized"]),
            "beneficiaries": row["beneficiaries"] or 0,
            "cost_per_beneficiary": cost_per(row["budget_allocated"], row["beneficiaries"]),
            "validated_needs": row["validated_needs"],
            "unmet_need": row["unmet_need"],
        }
        for row in communities
    ]


def community_ppa_rows(*, filters: DashboardFilters, ppas: QuerySet, limit: int = 500) -> list[dict]:
    """The PPAs serving the chosen community, by MAO: 1 query."""
    rows = (
        ppas.filter(communities=filters.community)
        .order_by("implementing_mao__name", "title")
        .values(
            "uid",
            "title",
            "sector",
            "status",
            "progress",
            "budget_allocated",
            "budget_utilized",
            "beneficiaries_individuals",
            "last_reported_on",
            "implementing_mao__uid",
            "implementing_mao__name",
            "implementing_mao__acronym",
        )[:limit]
    )
    return [
        {
            "kind": "ppa",
            "uid": str(row["uid"]),
            "title": row["title"],
            "sector": row["sector"],
            "status": row["status"],
            "progress": row["progress"],
            "mao": row["implementing_mao__acronym"] or row["implementing_mao__name"] or "",
            "mao_name": row["implementing_mao__name"] or "",
            "mao_uid": str(row["implementing_mao__uid"]) if row["implementing_mao__uid"] else None,
            "budget_allocated": money(row["budget_allocated"]),
            "budget_utilized": money(row["budget_utilized"]),
            "beneficiaries": row["beneficiaries_individuals"] or 0,
            "last_reported_on": row["last_reported_on"].isoformat() if row["last_reported_on"] else None,
        }
        for row in rows
    ]
