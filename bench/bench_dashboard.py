"""OCM dashboard at scale: snapshot generation, overlap detection and the overview endpoint,
each against hand-written SQL computing the same numbers, and the page served from a
snapshot.

Size (environment): BENCH_DASHBOARD_PPAS (default 1,000,000), BENCH_DASHBOARD_COMMUNITIES
(20,000), BENCH_DASHBOARD_YEARS (10), BENCH_DASHBOARD_PER_PPA (2). `manage.py seed_scale`
generates the data once; later runs of the same size reuse it. Targets (issue 6): snapshot
and detection within 1.5x of the raw SQL; the page from a snapshot under 100 ms; query
counts independent of the data size. Timings are medians after one warm-up run.
"""

import json
import os
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

REPEAT = int(os.environ.get("BENCH_DASHBOARD_REPEAT", "3"))
FILTERED = "fiscal_year = %(fy)s AND category <> 'obc_request' AND status <> 'cancelled'"
# NOT MATERIALIZED: PostgreSQL inlines the CTE into each query (6-27 % faster than the
# materialised default at 1M PPAs), so the baseline stays the fastest honest SQL.
PPAS = f"p AS NOT MATERIALIZED (SELECT * FROM monitoring_monitoringentry WHERE {FILTERED})"
LINKS = "monitoring_monitoringentry_communities"
FIGURES = """count(*), sum(p.budget_allocated), sum(p.budget_utilized), sum(p.beneficiaries_individuals),
    sum(p.beneficiaries_households), avg(p.progress),
    count(*) FILTER (WHERE p.status = 'completed' OR (p.status = 'ongoing' AND p.progress >= %(expected)s)),
    max(p.last_reported_on), count(*) FILTER (WHERE p.status = 'planning'),
    count(*) FILTER (WHERE p.status = 'ongoing'), count(*) FILTER (WHERE p.status = 'completed'),
    count(*) FILTER (WHERE p.status = 'on_hold')"""
SUMS = "count(*), sum(p.budget_allocated), sum(p.budget_utilized), sum(p.beneficiaries_individuals)"
COMMUNITY_STATS = "count(c.id), sum(c.estimated_obc_population), avg(c.latitude), avg(c.longitude)"

# Per level: the place key of a community, and of a PPA by its stated coverage.
PLACE_KEY = {
    "region": ("c.region_id", "NULL::bigint"),
    "province": ("c.province_id", "CASE WHEN c.province_id IS NULL THEN c.municipality_id END"),
    "municipality": ("c.municipality_id", "NULL::bigint"),
}
COVERAGE_KEY = {
    "region": ("coalesce(m.region_id, pr.region_id, p.coverage_region_id)", "NULL::bigint"),
    "province": (
        "coalesce(m.province_id, p.coverage_province_id)",
        "CASE WHEN m.id IS NOT NULL AND m.province_id IS NULL AND p.coverage_province_id IS NULL "
        "THEN m.id END",
    ),
    "municipality": ("p.coverage_municipality_id", "NULL::bigint"),
}
PLACES = {
    "region": [
        f"SELECT r.id, NULL, r.psgc_code, r.name, {COMMUNITY_STATS} FROM common_region r "
        "LEFT JOIN common_community c ON c.region_id = r.id GROUP BY r.id"
    ],
    "province": [
        f"SELECT v.id, NULL, v.psgc_code, v.name, {COMMUNITY_STATS} FROM common_province v "
        "LEFT JOIN common_community c ON c.province_id = v.id GROUP BY v.id",
        f"SELECT NULL, m.id, m.psgc_code, m.name, {COMMUNITY_STATS} FROM common_municipality m "
        "LEFT JOIN common_community c ON c.municipality_id = m.id WHERE m.province_id IS NULL GROUP BY m.id",
    ],
    "municipality": [
        f"SELECT m.id, NULL, m.psgc_code, m.name, {COMMUNITY_STATS} FROM common_municipality m "
        "LEFT JOIN common_community c ON c.municipality_id = m.id GROUP BY m.id"
    ],
}


def coverage_sql(level: str) -> list[str]:
    place, city = PLACE_KEY[level]
    stated, stated_city = COVERAGE_KEY[level]
    return [
        *PLACES[level],
        f"""WITH {PPAS}, placed AS (
                SELECT DISTINCT l.monitoringentry_id AS ppa, {place} AS place, {city} AS city
                FROM {LINKS} l JOIN common_community c ON c.id = l.community_id
                JOIN p ON p.id = l.monitoringentry_id)
            SELECT placed.place, placed.city, {SUMS} FROM placed JOIN p ON p.id = placed.ppa GROUP BY 1, 2""",
        f"""WITH {PPAS} SELECT {place}, {city}, count(DISTINCT l.community_id)
            FROM {LINKS} l JOIN common_community c ON c.id = l.community_id
            JOIN p ON p.id = l.monitoringentry_id GROUP BY 1, 2""",
        f"""WITH {PPAS} SELECT {stated}, {stated_city}, {SUMS} FROM p
            LEFT JOIN common_municipality m ON m.id = p.coverage_municipality_id
            LEFT JOIN common_province pr ON pr.id = p.coverage_province_id
            WHERE NOT EXISTS (SELECT 1 FROM {LINKS} l WHERE l.monitoringentry_id = p.id) GROUP BY 1, 2""",
    ]


OVERVIEW_SQL = [
    f"WITH {PPAS} SELECT {FIGURES} FROM p",
    f"WITH {PPAS} SELECT count(DISTINCT l.community_id) FROM {LINKS} l JOIN p ON p.id = l.monitoringentry_id",
    f"""WITH {PPAS} SELECT o.uid, o.name, o.acronym, {FIGURES} FROM p
        LEFT JOIN coordination_organization o ON o.id = p.implementing_mao_id GROUP BY o.id""",
    f"""WITH {PPAS} SELECT p.implementing_mao_id, count(DISTINCT l.community_id)
        FROM {LINKS} l JOIN p ON p.id = l.monitoringentry_id GROUP BY 1""",
    f"WITH {PPAS} SELECT p.sector, {FIGURES} FROM p GROUP BY 1",
    f"""WITH {PPAS} SELECT p.sector, count(DISTINCT l.community_id)
        FROM {LINKS} l JOIN p ON p.id = l.monitoringentry_id GROUP BY 1""",
    *coverage_sql("region"),
    *coverage_sql("province"),
]
WEIGHTED = (
    "affected_population * CASE urgency WHEN 'immediate' THEN 4 WHEN 'short_term' THEN 3 "
    "WHEN 'medium_term' THEN 2 WHEN 'long_term' THEN 1 ELSE 0 END"
)
GAPS = f"""WITH {PPAS},
    served AS (SELECT l.community_id, count(*) AS n FROM {LINKS} l JOIN p ON p.id = l.monitoringentry_id
               GROUP BY 1),
    needs AS (SELECT community_id, count(*) AS needs, sum(affected_population) AS affected,
              sum({WEIGHTED}) AS unmet FROM common_need WHERE status = 'validated' GROUP BY 1),
    gaps AS (SELECT c.id, c.uid, c.name, c.estimated_obc_population, coalesce(s.n, 0) AS ppas, n.needs,
             n.affected, n.unmet, c.municipality_id, c.province_id, c.region_id
             FROM needs n JOIN common_community c ON c.id = n.community_id
             LEFT JOIN served s ON s.community_id = c.id WHERE coalesce(s.n, 0) < 2)"""
SNAPSHOT_SQL = [
    *OVERVIEW_SQL,
    *coverage_sql("municipality"),
    f"{GAPS} SELECT count(*) FROM gaps",
    f"""{GAPS} SELECT g.*, m.name, m.psgc_code, pr.name, r.name FROM gaps g
        JOIN common_municipality m ON m.id = g.municipality_id
        LEFT JOIN common_province pr ON pr.id = g.province_id JOIN common_region r ON r.id = g.region_id
        ORDER BY g.unmet DESC, g.name, g.id LIMIT 20""",
    f"""WITH {PPAS}, covered AS (SELECT DISTINCT l.community_id, p.sector FROM {LINKS} l
            JOIN p ON p.id = l.monitoringentry_id)
        SELECT n.sector, count(*), count(DISTINCT n.community_id), sum(n.affected_population),
            count(DISTINCT n.community_id) FILTER (WHERE covered.community_id IS NULL),
            sum(n.affected_population) FILTER (WHERE covered.community_id IS NULL)
        FROM common_need n LEFT JOIN covered ON covered.community_id = n.community_id
            AND covered.sector = n.sector
        WHERE n.status = 'validated' GROUP BY 1""",
    f"""WITH {PPAS} SELECT p.sector, sum(p.beneficiaries_individuals), sum(p.budget_allocated)
        FROM p GROUP BY 1""",
    """SELECT count(*), count(*) FILTER (WHERE status IN ('detected', 'reviewed', 'confirmed')),
        count(*) FILTER (WHERE severity = 'high'), count(*) FILTER (WHERE severity = 'medium')
        FROM ocm_dashboard_beneficiaryoverlap WHERE fiscal_year = %(fy)s""",
]
OVERLAP_EVIDENCE = """count(DISTINCT e.implementing_mao_id) AS mao_count, count(*) AS ppa_count,
    sum((e.budget_allocated + e.earmarked_amount)) AS combined_budget,
    sum(coalesce(e.beneficiaries_individuals, 0)) AS combined_beneficiaries,
    jsonb_agg(jsonb_build_object('uid', e.uid, 'title', e.title, 'mao_uid', o.uid,
        'mao', coalesce(nullif(o.acronym, ''), o.name), 'budget', (e.budget_allocated + e.earmarked_amount),
        'beneficiaries', e.beneficiaries_individuals) ORDER BY o.name, e.title) AS ppas"""
OVERLAP_SEVERITY = """CASE WHEN count(DISTINCT e.implementing_mao_id) >= 3
        OR sum((e.budget_allocated + e.earmarked_amount)) >= 10000000 {more} THEN 'high'
        WHEN sum((e.budget_allocated + e.earmarked_amount)) >= 1000000 THEN 'medium'
        ELSE 'low' END AS severity"""
MORE_THAN_THE_COMMUNITY = "OR sum(coalesce(e.beneficiaries_individuals, 0)) > c.estimated_obc_population"
OVERLAP_SQL = [
    f"""SELECT l.community_id, c.municipality_id, c.region_id, e.sector,
            c.estimated_obc_population AS population, 'community' AS level, {OVERLAP_EVIDENCE},
            {OVERLAP_SEVERITY.format(more=MORE_THAN_THE_COMMUNITY)}
        FROM {LINKS} l JOIN monitoring_monitoringentry e ON e.id = l.monitoringentry_id
        JOIN coordination_organization o ON o.id = e.implementing_mao_id
        JOIN common_community c ON c.id = l.community_id
        WHERE e.fiscal_year = %(fy)s AND e.category <> 'obc_request' AND e.status <> 'cancelled'
        GROUP BY l.community_id, c.municipality_id, c.region_id, e.sector, c.estimated_obc_population
        HAVING count(DISTINCT e.implementing_mao_id) >= 2""",
    f"""SELECT NULL::bigint AS community_id, e.coverage_municipality_id AS municipality_id, m.region_id,
            e.sector, NULL::integer AS population, 'municipality' AS level, {OVERLAP_EVIDENCE},
            {OVERLAP_SEVERITY.format(more="")}
        FROM monitoring_monitoringentry e JOIN coordination_organization o ON o.id = e.implementing_mao_id
        JOIN common_municipality m ON m.id = e.coverage_municipality_id
        WHERE e.fiscal_year = %(fy)s AND e.category <> 'obc_request' AND e.status <> 'cancelled'
            AND NOT EXISTS (SELECT 1 FROM {LINKS} l WHERE l.monitoringentry_id = e.id)
        GROUP BY e.coverage_municipality_id, m.region_id, e.sector
        HAVING count(DISTINCT e.implementing_mao_id) >= 2""",
]  # fmt: skip
# The year's first detection written by hand: the same groups, inserted as overlaps.
OVERLAP_WRITE_SQL = [
    f"""INSERT INTO ocm_dashboard_beneficiaryoverlap (uid, fiscal_year, sector, level, community_id,
            municipality_id, region_id, mao_count, ppa_count, combined_budget, combined_beneficiaries,
            community_population, ppas, severity, status, review_notes, detected_at, changed_at,
            resolved_automatically, resolution_reason, status_before_resolution, created_at, updated_at)
        SELECT gen_random_uuid(), %(fy)s, g.sector, g.level, g.community_id, g.municipality_id, g.region_id,
            g.mao_count, g.ppa_count, coalesce(g.combined_budget, 0), g.combined_beneficiaries, g.population,
            g.ppas, g.severity, 'detected', '', now(), now(), false, '', '', now(), now()
        FROM ({select}) g"""  # noqa: S608 - constant SQL of this module
    for select in OVERLAP_SQL
]


def stored_overlaps(fiscal_year: int) -> set[tuple]:
    """The overlaps of a year as comparable rows (evidence JSON as sorted text)."""
    from ocm_dashboard.models import BeneficiaryOverlap

    rows = BeneficiaryOverlap.objects.filter(fiscal_year=fiscal_year).values_list(
        "level", "community_id", "municipality_id", "sector", "severity", "combined_budget", "ppas"
    )
    return {(*row[:-1], json.dumps(row[-1], sort_keys=True)) for row in rows}


def raw(statements: list[str], params: dict, *, fetch: bool = True) -> list[list[tuple]]:
    with connection.cursor() as cursor:
        results = []
        for sql in statements:
            cursor.execute(sql, params)
            results.append(cursor.fetchall() if fetch else [])
        return results


def timed(work: Callable, repeat: int = REPEAT) -> tuple[float, object, int]:
    """Median seconds over `repeat` runs after a warm-up, the last result, its query count."""
    work()
    durations, result, queries = [], None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = work()
            durations.append(time.perf_counter() - started)
        queries = len(captured)
    return statistics.median(durations), result, queries


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def seed_scale_data(report, before: Callable | None = None) -> None:
    """The scale data of the size the environment asks (once; later runs reuse it)."""
    from django.core.management import call_command

    size = {
        "ppas": int(os.environ.get("BENCH_DASHBOARD_PPAS", "1000000")),
        "communities": int(os.environ.get("BENCH_DASHBOARD_COMMUNITIES", "20000")),
        "years": int(os.environ.get("BENCH_DASHBOARD_YEARS", "10")),
        "communities_per_ppa": int(os.environ.get("BENCH_DASHBOARD_PER_PPA", "2")),
    }
    started = time.perf_counter()
    if before is not None:
        before()
    call_command("seed_scale", **size)
    report.row(
        f"scale data: {size['ppas']:,} PPAs, {size['communities']:,} communities, {size['years']} years",
        seconds(time.perf_counter() - started),
    )


def run(report) -> None:
    from django.test import Client
    from rest_framework.test import APIClient

    from common.models import Role, User
    from ocm_dashboard.filters import DashboardFilters
    from ocm_dashboard.models import BeneficiaryOverlap
    from ocm_dashboard.selectors.dashboard import dashboard_payload
    from ocm_dashboard.selectors.scope import expected_progress
    from ocm_dashboard.services.overlaps import overlaps_detect
    from ocm_dashboard.services.snapshots import snapshot_take
    from tests.helpers import bearer

    seed_scale_data(report)
    from monitoring.models import MonitoringEntry

    fy = (
        MonitoringEntry.objects.filter(title__startswith="Scale PPA")
        .order_by("-fiscal_year")
        .first()
        .fiscal_year
    )
    filters = DashboardFilters(fiscal_year=fy)
    params = {"fy": fy, "expected": expected_progress(filters)}
    report.row(
        f"fiscal year measured: FY{fy}", f"{MonitoringEntry.objects.filter(fiscal_year=fy).count():,} PPAs"
    )

    # 1. Overlap detection. The year's first run writes every overlap: it is measured against
    # the same groups computed by hand (SELECT) and against writing them by hand (INSERT ...
    # SELECT into the same table); a later run with no change writes nothing, and is
    # measured against the SELECT alone.
    def clear_year():
        BeneficiaryOverlap.objects.filter(fiscal_year=fy).delete()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE ocm_dashboard_beneficiaryoverlap")

    def written_by_hand():
        clear_year()
        started = time.perf_counter()
        with transaction.atomic():
            raw(OVERLAP_WRITE_SQL, params, fetch=False)
        return time.perf_counter() - started

    def first_detection():
        clear_year()
        started = time.perf_counter()
        result = overlaps_detect(fiscal_year=fy)
        return time.perf_counter() - started, result

    raw_overlaps, raw_rows, _ = timed(lambda: raw(OVERLAP_SQL, params))
    found = sum(len(rows) for rows in raw_rows)

    raw_write = statistics.median(written_by_hand() for _ in range(REPEAT))
    by_hand = stored_overlaps(fy)
    first_runs = [first_detection() for _ in range(REPEAT)]
    first_run, first = statistics.median(duration for duration, _ in first_runs), first_runs[-1][1]
    same = stored_overlaps(fy) == by_hand
    report.row("overlaps stored equal those written by hand", "match" if same else "MISMATCH")
    rerun, rerun_result, _ = timed(lambda: overlaps_detect(fiscal_year=fy))
    report.row(
        f"overlaps found (ORM run / raw SQL): {first.holding:,} / {found:,}",
        "match" if first.holding == found == first.new else "MISMATCH",
    )
    report.row("raw SQL: overlap groups with their evidence (SELECT)", seconds(raw_overlaps))
    report.row("raw SQL: the same groups written as overlaps (INSERT ... SELECT)", seconds(raw_write))
    report.row(
        f"overlap detection, first run of the year ({first.statements} statements)",
        seconds(first_run),
        f"{first_run / raw_write:.2f}x raw INSERT (target <= 1.5x), {first_run / raw_overlaps:.2f}x SELECT",
    )
    report.row(
        f"overlap detection, re-run ({rerun_result.statements} statements, {rerun_result.changed} changed)",
        seconds(rerun),
        f"{rerun / raw_overlaps:.2f}x raw SELECT (target <= 1.5x)",
    )

    # 2. Snapshot of one fiscal year.
    payload_time, payload, payload_queries = timed(lambda: dashboard_payload(filters=filters))
    raw_snapshot, raw_results, _ = timed(lambda: raw(SNAPSHOT_SQL, params))
    totals = raw_results[0][0]
    same = (
        payload["totals"]["ppas"] == totals[0] and Decimal(payload["totals"]["budget_allocated"]) == totals[1]
    )
    gaps_same = payload["gaps"]["count"] == raw_results[len(OVERVIEW_SQL) + 4][0][0]
    report.row(
        "snapshot figures equal the raw SQL's (totals, gap count)",
        "match" if same and gaps_same else "MISMATCH",
    )
    report.row(f"raw SQL: the snapshot's numbers ({len(SNAPSHOT_SQL)} statements)", seconds(raw_snapshot))
    report.row(
        f"snapshot payload, ORM ({payload_queries} queries)",
        seconds(payload_time),
        f"{payload_time / raw_snapshot:.2f}x raw (target <= 1.5x)",
    )
    take_started = time.perf_counter()
    snapshot_take(fiscal_year=fy)
    report.row("snapshot_take (payload + diff + save)", seconds(time.perf_counter() - take_started))

    # 3. The overview endpoint.
    user, _ = User.objects.get_or_create(
        username="bench-ocm", defaults={"email": "bench-ocm@obcms.invalid", "role": Role.OCM_EXECUTIVE}
    )
    api = APIClient()
    headers = bearer(user)
    url = f"/api/v1/internal/ocm-dashboard/overview/?fiscal_year={fy}"

    def overview():
        response = api.get(url, **headers)
        assert response.status_code == 200, response.content[:300]
        return response.json()

    api_time, body, api_queries = timed(overview)
    raw_overview, overview_rows, _ = timed(lambda: raw(OVERVIEW_SQL, params))
    same = body["totals"]["ppas"] == overview_rows[0][0][0]
    report.row("overview figures equal the raw SQL's", "match" if same else "MISMATCH")
    report.row(f"raw SQL: the overview's numbers ({len(OVERVIEW_SQL)} statements)", seconds(raw_overview))
    report.row(
        f"GET overview/ ({api_queries} queries)", seconds(api_time), f"{api_time / raw_overview:.2f}x raw"
    )

    # 4. The page from the snapshot.
    client = Client()
    client.force_login(user)
    page_url = f"/dashboard/?fiscal_year={fy}"
    page_time, response, page_queries = timed(lambda: client.get(page_url), repeat=max(REPEAT, 7))
    assert response.status_code == 200
    report.row(
        f"dashboard page from the snapshot, right after detection ({page_queries} queries)",
        seconds(page_time),
        "target < 100 ms",
    )
    # Detection above rewrote every overlap of the year at once; autovacuum tidies such a
    # table within a minute in production. Measure the page in that steady state too.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE ocm_dashboard_beneficiaryoverlap")
    page_time, response, page_queries = timed(lambda: client.get(page_url), repeat=max(REPEAT, 7))
    report.row(
        f"dashboard page from the snapshot, steady state ({page_queries} queries, "
        f"{len(response.content) // 1024} KB)",
        seconds(page_time),
        "target < 100 ms",
    )

    # 5. Query counts do not depend on the data size: a year with no PPAs asks the same.
    _, _, empty_queries = timed(
        lambda: dashboard_payload(filters=DashboardFilters(fiscal_year=1999 + 1)), repeat=1
    )
    _, _, empty_api = timed(
        lambda: api.get("/api/v1/internal/ocm-dashboard/overview/?fiscal_year=2000", **headers), 1
    )
    report.row(
        "query counts, this year vs an empty year (payload / overview)",
        f"{payload_queries}/{empty_queries}, {api_queries}/{empty_api}",
        "equal" if (payload_queries, api_queries) == (empty_queries, empty_api) else "DIFFERENT",
    )
