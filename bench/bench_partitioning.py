"""Would range partitioning of the PPA table by fiscal year pay? (`make bench BENCH=partitioning`)

The design plans `MonitoringEntry` partitioned by `fiscal_year` for the long term. This
measures it before anyone adopts it: from the seed_scale data (1,000,000 PPAs over 10 years)
it builds, in a schema of its own (`partition_bench`, kept for later runs), the same rows
BENCH_PARTITION_COPIES times over (default 10: 10,000,000 PPAs, 1,000,000 a year, laid out
year by year as real data arrives) twice: once as one table with the register's indexes, once
declaratively partitioned by range of `fiscal_year` (one partition a year, the same indexes
on each; the primary key must then include `fiscal_year`, and `uid` can no longer be unique
on its own). The PPA-community links (20,000,000) are one table both share.

It then runs the heavy reads of the register, the dashboard and the partner sync on both
(median of REPEAT warm runs, the figures compared equal) and prints each pair with the ratio.
Nothing in the application changes: the decision and its numbers are in docs/performance.md.
"""

import os
import statistics
import time

from django.db import connection

from bench.bench_dashboard import seconds, seed_scale_data


def _ms(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 0.1 else seconds(value)


SCHEMA = "partition_bench"
COPIES = int(os.environ.get("BENCH_PARTITION_COPIES", "10"))
REPEAT = int(os.environ.get("BENCH_PARTITION_REPEAT", "5"))
SOURCE = "monitoring_monitoringentry"
# Only seed_scale's own rows: other benchmarks add and remove rows of their own.
SEEDED = "e.title LIKE 'Scale PPA%%'"
LINKS = "monitoring_monitoringentry_communities"
# The register's own read indexes (monitoring/models.py), on both tables.
INDEXES = {
    "list_order": "(fiscal_year DESC, title, id)",
    "list_by_mao": "(implementing_mao_id, fiscal_year DESC, title, id)",
    "year_mao": "(fiscal_year, implementing_mao_id)",
    "year_sector": "(fiscal_year, sector)",
    "sync_by_year": "(fiscal_year, updated_at, uid)",
    "sync_order": "(updated_at, uid)",
}


def _execute(sql: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall() if cursor.description else []


def _columns() -> list[str]:
    rows = _execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND table_name = %s ORDER BY ordinal_position",
        [SOURCE],
    )
    return [name for (name,) in rows]


def _built(expected: int) -> bool:
    exists = _execute(
        "SELECT to_regclass(%s), to_regclass(%s)", [f"{SCHEMA}.plain", f"{SCHEMA}.partitioned"]
    )[0]
    if None in exists:
        return False
    counts = _execute(
        f"SELECT (SELECT count(*) FROM {SCHEMA}.plain), (SELECT count(*) FROM {SCHEMA}.partitioned)"
    )  # noqa: S608
    return counts[0] == (expected, expected)


def _build(report, years: list[int]) -> None:
    """The two tables and the shared links, from the seed copied COPIES times (new ids and
    uids per copy), inserted year by year."""
    columns = _columns()
    stride = _execute(f"SELECT max(id) + 1 FROM {SOURCE}")[0][0]  # noqa: S608
    copied = ", ".join(
        {"id": "e.id + k * %(stride)s", "uid": "gen_random_uuid()"}.get(name, f"e.{name}") for name in columns
    )
    started = time.perf_counter()
    _execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    _execute(f"CREATE SCHEMA {SCHEMA}")
    # Unlogged: the copies are scratch data, and writing them without WAL halves the build.
    _execute(f"CREATE UNLOGGED TABLE {SCHEMA}.plain (LIKE {SOURCE} INCLUDING DEFAULTS)")
    _execute(f"ALTER TABLE {SCHEMA}.plain ALTER COLUMN id DROP IDENTITY IF EXISTS")
    _execute(f"CREATE TABLE {SCHEMA}.partitioned (LIKE {SCHEMA}.plain) PARTITION BY RANGE (fiscal_year)")
    for year in years:
        _execute(
            f"CREATE UNLOGGED TABLE {SCHEMA}.partitioned_{year} PARTITION OF {SCHEMA}.partitioned "
            f"FOR VALUES FROM ({year}) TO ({year + 1})"
        )
    for year in years:
        select = (
            f"SELECT {copied} FROM {SOURCE} e CROSS JOIN generate_series(0, %(copies)s - 1) k "  # noqa: S608
            f"WHERE e.fiscal_year = %(year)s AND {SEEDED} ORDER BY k, e.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {SCHEMA}.plain {select}", {"stride": stride, "copies": COPIES, "year": year}
            )
        # The same rows, uids included, in the partitioned table.
        _execute(
            f"INSERT INTO {SCHEMA}.partitioned "  # noqa: S608
            f"SELECT * FROM {SCHEMA}.plain WHERE fiscal_year = %s ORDER BY id",
            [year],
        )
    _execute(
        f"CREATE UNLOGGED TABLE {SCHEMA}.links AS "  # noqa: S608
        "SELECT l.monitoringentry_id + k * %s AS entry_id, l.community_id "
        f"FROM {LINKS} l CROSS JOIN generate_series(0, %s - 1) k ORDER BY 1",
        [stride, COPIES],
    )
    report.row("  rows copied (both tables and the links)", seconds(time.perf_counter() - started))
    started = time.perf_counter()
    _execute(f"ALTER TABLE {SCHEMA}.plain ADD PRIMARY KEY (id)")
    _execute(f"CREATE UNIQUE INDEX plain_uid ON {SCHEMA}.plain (uid)")
    # A partitioned table's unique keys must contain the partition key.
    _execute(f"ALTER TABLE {SCHEMA}.partitioned ADD PRIMARY KEY (id, fiscal_year)")
    _execute(f"CREATE INDEX partitioned_uid ON {SCHEMA}.partitioned (uid)")
    for name, columns_sql in INDEXES.items():
        _execute(f"CREATE INDEX plain_{name} ON {SCHEMA}.plain {columns_sql}")
        _execute(f"CREATE INDEX partitioned_{name} ON {SCHEMA}.partitioned {columns_sql}")
    _execute(f"CREATE INDEX links_entry ON {SCHEMA}.links (entry_id, community_id)")
    for table in ("plain", "partitioned", "links"):
        _execute(f"VACUUM ANALYZE {SCHEMA}.{table}")
    report.row("  indexes and VACUUM ANALYZE", seconds(time.perf_counter() - started))


def _queries(year: int, old_year: int, uid: str, after: tuple) -> list[tuple[str, str, list]]:
    """(what, SQL with {t} for the table, parameters): the heavy reads."""
    totals = "count(*), sum(budget_allocated), sum(budget_utilized), round(avg(progress), 4)"
    return [
        ("year totals (dashboard headline)", f"SELECT {totals} FROM {{t}} WHERE fiscal_year = %s", [year]),  # noqa: S608
        (
            "year by MAO and sector (dashboard tables)",
            f"SELECT implementing_mao_id, sector, {totals} FROM {{t}} WHERE fiscal_year = %s "  # noqa: S608
            "GROUP BY 1, 2 ORDER BY 1, 2",
            [year],
        ),
        (
            "year's communities served (links join)",
            "SELECT count(DISTINCT l.community_id) FROM {t} e "
            "JOIN partition_bench.links l ON l.entry_id = e.id WHERE e.fiscal_year = %s",
            [year],
        ),
        (
            "an old year's totals (archive read)",
            f"SELECT {totals} FROM {{t}} WHERE fiscal_year = %s",
            [old_year],
        ),  # noqa: S608
        (
            "register first page (no filter)",
            "SELECT id, title FROM {t} ORDER BY fiscal_year DESC, title, id LIMIT 26",
            [],
        ),
        (
            "register page of a year",
            "SELECT id, title FROM {t} WHERE fiscal_year = %s ORDER BY fiscal_year DESC, title, id LIMIT 26",
            [year],
        ),
        (
            "partner sync page of 500 (year, keyset)",
            "SELECT id, uid, updated_at FROM {t} WHERE fiscal_year = %s "
            "AND (updated_at, uid) > (%s, %s::uuid) ORDER BY updated_at, uid LIMIT 501",
            [year, *after],
        ),
        ("one PPA by uid (detail, API)", "SELECT id, title FROM {t} WHERE uid = %s::uuid", [uid]),
        ("count of all PPAs", "SELECT count(*) FROM {t}", []),
    ]


def _median(sql: str, params: list) -> tuple[float, list]:
    _execute(sql, params)  # warm
    durations, result = [], []
    for _ in range(REPEAT):
        started = time.perf_counter()
        result = _execute(sql, params)
        durations.append(time.perf_counter() - started)
    return statistics.median(durations), result


def run(report) -> None:
    seed_scale_data(report)
    years = [
        year for (year,) in _execute(f"SELECT DISTINCT fiscal_year FROM {SOURCE} e WHERE {SEEDED} ORDER BY 1")
    ]  # noqa: S608
    expected = _execute(f"SELECT count(*) FROM {SOURCE} e WHERE {SEEDED}")[0][0] * COPIES  # noqa: S608
    if _built(expected):
        report.row(f"{expected:,} PPAs in {SCHEMA} (kept from an earlier run)", "")
    else:
        report.row(f"building {expected:,} PPAs in {SCHEMA} ({COPIES} copies of the seed)", "")
        _build(report, years)
    _execute("SET max_parallel_workers_per_gather = 2")
    _execute("SET work_mem = '32MB'")
    _execute("SET jit = off")
    year, old_year = years[-1], years[0]
    uid, updated_at = _execute(
        f"SELECT uid::text, updated_at FROM {SCHEMA}.plain WHERE fiscal_year = %s ORDER BY updated_at, uid "  # noqa: S608
        "OFFSET 50000 LIMIT 1",
        [year],
    )[0]
    sizes = _execute(
        f"SELECT pg_total_relation_size('{SCHEMA}.plain'), "
        "(SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits "
        f"WHERE inhparent = '{SCHEMA}.partitioned'::regclass)"
    )[0]
    report.row(
        "  size on disk: one table / partitions (with indexes)",
        f"{sizes[0] / 2**30:.2f} / {sizes[1] / 2**30:.2f} GiB",
    )
    report.row(f"{'read (median of ' + str(REPEAT) + ' warm runs)':<44} one table / partitioned", "", "ratio")
    for what, sql, params in _queries(year, old_year, uid, (updated_at, uid)):
        plain, plain_rows = _median(sql.format(t=f"{SCHEMA}.plain"), params)
        parted, parted_rows = _median(sql.format(t=f"{SCHEMA}.partitioned"), params)
        same = "" if plain_rows == parted_rows else "  FIGURES DIFFER"
        report.row(f"  {what}", f"{_ms(plain)} / {_ms(parted)}", f"{parted / plain:.2f}x{same}")
