"""The whole dashboard for a set of filters, as one JSON-ready payload.

The same payload is stored in a snapshot (year-only filters, taken daily) and computed live
for narrower filters, so the page renders both the same way. Its query count depends on
the filters, never on the number of PPAs or communities.
"""

import re
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from ocm_dashboard.filters import DashboardFilters
from ocm_dashboard.models import OCMDashboardSnapshot
from ocm_dashboard.selectors.coverage import community_ppa_rows, community_rows, coverage_rows
from ocm_dashboard.selectors.gaps import community_gap_list, gap_rows, gap_threshold, sector_gaps
from ocm_dashboard.selectors.overlaps import overlap_summary
from ocm_dashboard.selectors.overview import overview_by_mao, overview_by_sector, overview_totals
from ocm_dashboard.selectors.scope import (
    counted_entries,
    database,
    expected_progress,
    ppa_scope,
    reference_date,
)

TOP_GAPS = 20
# The by-MAO chart draws this many MAOs, biggest budget first, and one bar for the rest:
# 44 bars would not read on a phone (the table lists every MAO).
CHART_TOP_MAOS = 12
PAYLOAD_VERSION = 1


def table_level(filters: DashboardFilters) -> str:
    """The drill-down level the coverage table shows for the chosen place."""
    if filters.community is not None:
        return "ppa"
    if filters.municipality is not None:
        return "community"
    if filters.province is not None:
        return "municipality"
    if filters.region is not None:
        return "province"
    return "region"


def levels_to_compute(filters: DashboardFilters) -> list[str]:
    """The table's level and those below it down to municipalities (the map's bubbles)."""
    level = table_level(filters)
    if level == "ppa":
        return ["community", "ppa"]
    if level == "community":
        return ["community"]
    return ["region", "province", "municipality"][["region", "province", "municipality"].index(level) :]


def coverage_for(
    *, filters: DashboardFilters, ppas: QuerySet, levels: list[str] | None = None
) -> dict[str, list[dict]]:
    """Coverage rows by level (default: the table's level and the map's)."""
    coverage = {}
    for level in levels or levels_to_compute(filters):
        if level == "ppa":
            coverage[level] = community_ppa_rows(filters=filters, ppas=ppas)
        elif level == "community":
            coverage[level] = community_rows(filters=filters, ppas=ppas)
        else:
            coverage[level] = coverage_rows(level=level, filters=filters, ppas=ppas)
    return coverage


def geographic_coverage(*, filters: DashboardFilters) -> dict:
    """The drill-down table for `filters`, computed live: the level the chosen place opens
    (regions, provinces, municipalities, communities or a community's PPAs) and its rows."""
    level = table_level(filters)
    rows = coverage_for(filters=filters, ppas=ppa_scope(filters), levels=[level])[level]
    return {"fiscal_year": filters.fiscal_year, "filters": filters.query(), "level": level, "rows": rows}


def gaps_for(*, filters: DashboardFilters, using: str, top: int = TOP_GAPS) -> dict:
    page = Paginator(community_gap_list(filters=filters, using=using), top).page(1)
    return {
        "min_ppas": gap_threshold(),
        "count": page.paginator.count,
        "top": gap_rows(page.object_list, filters=filters, using=using),
    }


def dashboard_payload(
    *, filters: DashboardFilters, using: str | None = None, today: date | None = None
) -> dict:
    """Every figure of the dashboard for `filters`, JSON-ready."""
    using = database(using)
    ppas = ppa_scope(filters, using=using)
    by_sector = overview_by_sector(filters=filters, ppas=ppas, today=today)
    return {
        "version": PAYLOAD_VERSION,
        "generated_at": timezone.now().isoformat(),
        "filters": filters.query(),
        "fiscal_year": filters.fiscal_year,
        "reference_date": reference_date(filters, today).isoformat(),
        "expected_progress": expected_progress(filters, today),
        "totals": overview_totals(filters=filters, ppas=ppas, today=today),
        "by_mao": overview_by_mao(filters=filters, ppas=ppas, today=today),
        "by_sector": by_sector,
        "table_level": table_level(filters),
        "coverage": coverage_for(filters=filters, ppas=ppas),
        "gaps": gaps_for(filters=filters, using=using),
        "sector_gaps": sector_gaps(filters=filters, using=using),
        "overlaps": overlap_summary(filters=filters, using=using),
    }


def snapshot_latest(*, fiscal_year: int, with_payload: bool = True) -> OCMDashboardSnapshot | None:
    """The newest snapshot of a fiscal year: 1 query (without its payload and changes when
    asked, which then load on first use)."""
    snapshots = OCMDashboardSnapshot.objects.filter(fiscal_year=fiscal_year)
    if not with_payload:
        snapshots = snapshots.defer("payload", "changes")
    return snapshots.select_related("taken_by").order_by("-taken_at", "-id").first()


def dashboard_read(
    *, filters: DashboardFilters, lazy: bool = False
) -> tuple[dict, OCMDashboardSnapshot | None]:
    """The payload the page shows: the latest snapshot when only a fiscal year is chosen
    and one exists, else computed live (on the replica when there is one). With `lazy`, the
    payload is read or computed only when something uses it (the page caches what it
    renders by snapshot or data version, so mostly nothing does)."""
    if filters.is_year_only:
        snapshot = snapshot_latest(fiscal_year=filters.fiscal_year, with_payload=not lazy)
        if snapshot is not None:
            return (SimpleLazyObject(lambda: snapshot.payload) if lazy else snapshot.payload), snapshot
    if lazy:
        return SimpleLazyObject(lambda: dashboard_payload(filters=filters)), None
    return dashboard_payload(filters=filters), None


def _short(name: str) -> str:
    """A map label: "Region IX (Zamboanga Peninsula)" reads "Region IX", so four of them fit
    on a phone."""
    return re.sub(r"\s*\(.*\)$", "", name) or name


def map_layers(payload: dict) -> dict:
    """What the map draws: labels for regions or provinces, and a bubble per city or
    municipality (or a marker per community once one is chosen) at the mean coordinates of
    its communities. Readable with no map tiles at all."""
    coverage = payload["coverage"]
    # One level of labels, so they do not crowd: regions at the top, then the provinces
    # (and independent cities) of the chosen region.
    label_level = payload["table_level"] if payload["table_level"] in ("region", "province") else ""
    labels = [
        {"name": _short(row["name"]), "kind": label_level, "lat": row["latitude"], "lng": row["longitude"]}
        for row in coverage.get(label_level, [])
        if row.get("latitude") is not None
    ]
    level = "community" if "community" in coverage else "municipality"
    points = [
        {
            "name": row["name"],
            "kind": level,
            "lat": row["latitude"],
            "lng": row["longitude"],
            "ppas": row["ppas"],
            "budget": row["budget_allocated"],
            "beneficiaries": row["beneficiaries"],
            "key": row.get("uid") or row["psgc"],
        }
        for row in coverage.get(level, [])
        if row.get("latitude") is not None
    ]
    return {"labels": labels, "points": points, "level": level}


def year_with_entries(*, besides: int) -> dict | None:
    """The latest fiscal year other than `besides` that has entries, with their count, for
    a page showing an empty year: 1 query."""
    return (
        counted_entries()
        .exclude(fiscal_year=besides)
        .values("fiscal_year")
        .annotate(entries=Count("id"))
        .order_by("-fiscal_year")
        .first()
    )


def _bar(label: str, rows: list[dict]) -> dict:
    return {
        "label": label,
        "allocated": sum(float(row["budget_allocated"]) for row in rows),
        "utilized": sum(float(row["budget_utilized"]) for row in rows),
        "ppas": sum(row["ppas"] for row in rows),
    }


def mao_bars(rows: list[dict], top: int = CHART_TOP_MAOS) -> list[dict]:
    """The by-MAO chart: the `top` MAOs as the table orders them (biggest budget first) and
    one bar summing the others."""
    bars = [_bar(row["mao"] or "—", [row]) for row in rows[:top]]
    rest = rows[top:]
    if len(rest) > 1:
        bars.append(_bar(_("%(count)s other MAOs") % {"count": len(rest)}, rest))
    elif rest:
        bars.append(_bar(rest[0]["mao"] or "—", rest))
    return bars


def chart_series(payload: dict) -> dict:
    """What the charts draw (the tables under them show the same figures); nothing for a
    year or filters with no entries, whose axes would mean nothing."""
    if not payload["totals"]["ppas"]:
        return {"mao": [], "sector": [], "region": []}

    def series(rows: list[dict], label) -> list[dict]:
        return [_bar(label(row), [row]) for row in rows]

    regions = payload["coverage"].get("region", []) if payload["table_level"] == "region" else []
    return {
        "mao": mao_bars(payload["by_mao"]),
        "sector": series(payload["by_sector"], lambda row: row["label"]),
        "region": series([row for row in regions if row["kind"] == "region"], lambda row: row["name"]),
    }
