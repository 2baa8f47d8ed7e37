"""Headline figures and the breakdowns by MAO and by sector.

Sums run over PPAs (each once); communities served are counted on the PPA-community links
with COUNT(DISTINCT), in a second query, so a PPA serving N communities is never summed N times.
"""

from datetime import date

from django.db.models import Avg, Count, F, Max, Q, QuerySet, Sum

from common.models import Sector
from monitoring.models import EntryKind, PpaStatus
from ocm_dashboard.filters import DashboardFilters
from ocm_dashboard.selectors.scope import cost_per, link_scope, money, on_track, ratio

STATUS_ORDER = (PpaStatus.PLANNING, PpaStatus.ONGOING, PpaStatus.COMPLETED, PpaStatus.ON_HOLD)
MAO_KEYS = {
    "mao_uid": "implementing_mao__uid",
    "mao_name": "implementing_mao__name",
    "mao_acronym": "implementing_mao__acronym",
}


def _figures(filters: DashboardFilters, today: date | None) -> dict:
    return {
        # "ppas" counts entries: PPAs and the GAAB's special provisions, told apart here.
        "ppas": Count("id"),
        "special_provisions": Count("id", filter=Q(kind=EntryKind.SPECIAL_PROVISION)),
        "budget_allocated": Sum("budget_allocated"),
        "budget_utilized": Sum("budget_utilized"),
        "beneficiaries": Sum("beneficiaries_individuals"),
        "households": Sum("beneficiaries_households"),
        "average_progress": Avg("progress"),
        "on_track": Count("id", filter=on_track(filters, today)),
        "latest_update": Max("last_reported_on"),
        **{f"status_{status}": Count("id", filter=Q(status=status)) for status in STATUS_ORDER},
    }


def _shape(row: dict) -> dict:
    """Aggregates as JSON-ready figures (money as exact strings, ratios as floats)."""
    ppas = row["ppas"] or 0
    return {
        "ppas": ppas,
        "special_provisions": row["special_provisions"] or 0,
        "budget_allocated": money(row["budget_allocated"]),
        "budget_utilized": money(row["budget_utilized"]),
        "utilization": ratio(row["budget_utilized"], row["budget_allocated"]),
        "beneficiaries": row["beneficiaries"] or 0,
        "households": row["households"] or 0,
        "cost_per_beneficiary": cost_per(row["budget_allocated"], row["beneficiaries"]),
        "average_progress": round(float(row["average_progress"]), 1)
        if row["average_progress"] is not None
        else None,
        "on_track": row["on_track"],
        "on_track_share": ratio(row["on_track"], ppas),
        "latest_update": row["latest_update"].isoformat() if row["latest_update"] else None,
        "by_status": {status.value: row[f"status_{status}"] for status in STATUS_ORDER},
    }


def overview_totals(*, filters: DashboardFilters, ppas: QuerySet, today: date | None = None) -> dict:
    """Headline figures: 2 queries."""
    totals = _shape(ppas.aggregate(**_figures(filters, today)))
    served = link_scope(filters, ppas).aggregate(communities=Count("community_id", distinct=True))
    totals["communities_served"] = served["communities"]
    return totals


def overview_by_mao(*, filters: DashboardFilters, ppas: QuerySet, today: date | None = None) -> list[dict]:
    """One row per implementing MAO (PPAs without one form an 'unassigned' row), with its data
    freshness (latest progress report), biggest budget first: 2 queries."""
    rows = ppas.values(**{key: F(path) for key, path in MAO_KEYS.items()}).annotate(
        **_figures(filters, today)
    )
    served = {
        row["mao_uid"]: row["communities"]
        for row in link_scope(filters, ppas)
        .values(mao_uid=F("monitoringentry__implementing_mao__uid"))
        .annotate(communities=Count("community_id", distinct=True))
    }
    result = [
        {
            "mao_uid": str(row["mao_uid"]) if row["mao_uid"] else None,
            "mao": row["mao_acronym"] or row["mao_name"] or "",
            "mao_name": row["mao_name"] or "",
            **_shape(row),
            "communities_served": served.get(row["mao_uid"], 0),
        }
        for row in rows
    ]
    return sorted(result, key=lambda row: (-float(row["budget_allocated"]), row["mao_name"]))


def overview_by_sector(*, filters: DashboardFilters, ppas: QuerySet, today: date | None = None) -> list[dict]:
    """One row per sector in the fixed sector order (empty sectors included): 2 queries."""
    rows = {row["sector"]: row for row in ppas.values("sector").annotate(**_figures(filters, today))}
    served = {
        row["sector"]: row["communities"]
        for row in link_scope(filters, ppas)
        .values(sector=F("monitoringentry__sector"))
        .annotate(communities=Count("community_id", distinct=True))
    }
    empty = (
        dict.fromkeys(_figures(filters, today), None)
        | {"ppas": 0, "special_provisions": 0, "on_track": 0}
        | {f"status_{status}": 0 for status in STATUS_ORDER}
    )
    sectors = [filters.sector] if filters.sector else Sector.values
    return [
        {
            "sector": sector,
            "label": str(Sector(sector).label),
            **_shape(rows.get(sector, empty)),
            "communities_served": served.get(sector, 0),
        }
        for sector in sectors
    ]
