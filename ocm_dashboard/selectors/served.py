"""Figures served, not recomputed per request.

Every dashboard figure of a fiscal year depends on that year's PPAs (and their links and
progress reports), the communities, their needs and the MAOs. `data_version` reads one
cheap fingerprint of all of it (one query on indexes: the year's PPA count and latest
change, the latest progress report, community, need and MAO change); a computed answer is
kept in the cache under that fingerprint, so an unchanged year is never computed twice and
any change through the services (which all stamp `updated_at`) makes the next request
compute afresh. The snapshot (daily, on demand, and the dirty-year refresh) stores the
year's overview as it computes it, so the year's answer is ready before anyone asks.

The answers equal the live computation by construction: the cached value is the live
computation's own result, keyed by everything it reads.
"""

import hashlib
from datetime import date

from django.core.cache import cache
from django.db import connections
from django.utils import timezone

from common.cache import computed_once
from common.models import Community, Need, Region
from coordination.models import Organization
from monitoring.models import MonitoringEntry, MonitoringUpdate
from ocm_dashboard.filters import DashboardFilters
from ocm_dashboard.models import BeneficiaryOverlap
from ocm_dashboard.selectors.coverage import coverage_rows
from ocm_dashboard.selectors.overview import overview_by_mao, overview_by_sector, overview_totals
from ocm_dashboard.selectors.scope import database, expected_progress, ppa_scope, reference_date

PRECOMPUTED, LIVE = "precomputed", "live"
# A fingerprint can miss a write that bypasses the services (a raw UPDATE without
# updated_at); the daily snapshot recomputes the year anyway, and nothing lives longer.
SERVED_TTL = 24 * 60 * 60
# Filters whose answers are kept: the snapshot's dimensions (year, quarter, MAO, sector and
# the place down to a province). Narrower places and single communities are computed live
# each time: there are too many of them to be worth keeping.
KEPT_FILTERS = {"fiscal_year", "quarter", "sector", "mao", "region", "province"}


def data_version(fiscal_year: int, *, using: str | None = None, with_overlaps: bool = False) -> str:
    """A fingerprint of everything a fiscal year's figures read (with its overlaps, for the
    page, which shows their counts): 1 query."""
    tables = {
        model: connections[database(using)].ops.quote_name(model._meta.db_table)
        for model in (MonitoringEntry, MonitoringUpdate, Community, Need, Organization, BeneficiaryOverlap)
    }
    # Plain scalar subqueries, one value each, so the same SQL runs on PostgreSQL and on the
    # embedded SQLite default.
    overlaps, params = "NULL, NULL", [fiscal_year, fiscal_year]
    if with_overlaps:
        overlaps = f"""(SELECT count(*) FROM {tables[BeneficiaryOverlap]} WHERE fiscal_year = %s),
                       (SELECT max(updated_at) FROM {tables[BeneficiaryOverlap]} WHERE fiscal_year = %s)"""  # noqa: S608
        params += [fiscal_year, fiscal_year]
    sql = f"""
        SELECT (SELECT count(*) FROM {tables[MonitoringEntry]} WHERE fiscal_year = %s),
               (SELECT max(updated_at) FROM {tables[MonitoringEntry]} WHERE fiscal_year = %s),
               (SELECT max(id) FROM {tables[MonitoringUpdate]}),
               (SELECT max(updated_at) FROM {tables[Community]}),
               (SELECT max(id) FROM {tables[Need]}),
               (SELECT max(updated_at) FROM {tables[Need]}),
               (SELECT count(*) FROM {tables[Organization]}),
               (SELECT max(updated_at) FROM {tables[Organization]}),
               {overlaps}
    """  # noqa: S608 - table names from the models; the year is a parameter
    with connections[database(using)].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:16]


def is_kept(filters: DashboardFilters) -> bool:
    return set(filters.query()) <= KEPT_FILTERS


def served_key(kind: str, filters: DashboardFilters, version: str, today: date | None = None, *extra) -> str:
    """The cache key of an answer: what it is, its filters, the data's version and the day
    progress is judged at (on-track figures move with the calendar)."""
    query = "&".join(f"{key}={value}" for key, value in sorted(filters.query().items()))
    judged_at = reference_date(filters, today).isoformat()
    parts = [kind, str(filters.fiscal_year), version, judged_at, query, *extra]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]
    return f"ocm_dashboard:served:{kind}:{digest}"


def overview_payload(*, filters: DashboardFilters, today: date | None = None) -> dict:
    """The overview computed live: 13 queries (one more on SQLite), whatever the size."""
    ppas = ppa_scope(filters)
    return {
        "fiscal_year": filters.fiscal_year,
        "filters": filters.query(),
        "reference_date": reference_date(filters, today),
        "expected_progress": expected_progress(filters, today),
        "totals": overview_totals(filters=filters, ppas=ppas, today=today),
        "by_mao": overview_by_mao(filters=filters, ppas=ppas, today=today),
        "by_sector": overview_by_sector(filters=filters, ppas=ppas, today=today),
        "by_region": coverage_rows(level="region", filters=filters, ppas=ppas),
        "by_province": coverage_rows(level="province", filters=filters, ppas=ppas),
    }


def overview_read(*, filters: DashboardFilters, refresh: bool = False) -> dict:
    """The overview for `filters`: the kept answer for this data version when there is one
    (`served_from` "precomputed", 2 queries), else computed now (`served_from` "live") and
    kept when its filters are the snapshot's dimensions; callers asking at the same moment
    wait for that one computation. `refresh` computes and keeps it whatever is kept (the
    snapshot's refresh)."""
    if not is_kept(filters):
        return overview_payload(filters=filters) | {"served_from": LIVE, "computed_at": timezone.now()}
    key = served_key("overview", filters, data_version(filters.fiscal_year))

    def compute() -> dict:
        return overview_payload(filters=filters) | {"computed_at": timezone.now()}

    if refresh:
        answer = compute()
        cache.set(key, answer, SERVED_TTL)
        return answer | {"served_from": LIVE}
    # Ten readers of a year whose data just changed compute it once, not ten times.
    answer, computed_here = computed_once(key, compute, SERVED_TTL)
    return answer | {"served_from": LIVE if computed_here else PRECOMPUTED}


def overview_keep(*, filters: DashboardFilters, version: str, payload: dict) -> None:
    """Keep the overview a snapshot's payload holds (the same figures, computed once)."""
    coverage = payload["coverage"]
    answer = {
        "fiscal_year": payload["fiscal_year"],
        "filters": payload["filters"],
        "reference_date": date.fromisoformat(payload["reference_date"]),
        "expected_progress": payload["expected_progress"],
        **{key: payload[key] for key in ("totals", "by_mao", "by_sector")},
        "by_region": coverage["region"],
        "by_province": coverage["province"],
        "computed_at": timezone.now(),
    }
    cache.set(served_key("overview", filters, version), answer, SERVED_TTL)


def page_figures_key(*, filters: DashboardFilters, user, language: str, query: str, snapshot=None) -> str:
    """The cache key of a rendered dashboard's figures: the snapshot it shows (or the data
    version, for live filters), the filters as given, the language, and the reader's role
    and organisation, so a rendering never crosses roles or MAOs."""
    scope = f"{user.role}:{user.organization_id or ''}"
    version = (
        f"snapshot:{snapshot.uid}" if snapshot else data_version(filters.fiscal_year, with_overlaps=True)
    )
    return served_key("page", filters, version, None, scope, language, query)


def page_filter_bar_key(
    *, filters: DashboardFilters, user, language: str, query: str, today: date | None = None
) -> str:
    """The cache key of a dashboard's rendered filter bar: the query it shows (its values and
    any errors follow from it), the year it resolved to (a query without one opens on the
    latest year with entries, which moves with the data), the language, the reader's role
    and organisation, the day (the fiscal-year list follows the calendar) and a version of
    the MAO and region lists (1 query on two small tables)."""
    tables = [
        connections[database(None)].ops.quote_name(model._meta.db_table) for model in (Organization, Region)
    ]
    sql = " UNION ALL ".join(f"SELECT count(*), max(updated_at) FROM {table}" for table in tables)  # noqa: S608
    with connections[database(None)].cursor() as cursor:
        cursor.execute(sql)
        lists = repr(cursor.fetchall())
    day = (today or timezone.localdate()).isoformat()
    reader = f"{user.role}:{user.organization_id or ''}"
    parts = ["bar", query, str(filters.fiscal_year), language, reader, day, lists]
    return "ocm_dashboard:bar:" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]
