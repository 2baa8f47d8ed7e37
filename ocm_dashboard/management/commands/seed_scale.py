# ruff: noqa: S608 - SQL is built from model table names and constants; values go as parameters.
"""`manage.py seed_scale`: synthetic data at scale for the dashboard benchmark (bench/).

Default size: 10 fiscal years, 1,000,000 PPAs, 20,000 communities, 2 communities per PPA,
43 MAOs. PostgreSQL only: every large table is filled by one INSERT ... SELECT over
generate_series, so a million PPAs take minutes, not hours. The data is marked
(source=synthetic, codes starting with 8, titles "Scale PPA ...") so `--reset` removes
exactly it; a second run with the same sizes finds it in place and does nothing.
Never run it against a database with real data you care about: use the bench database.
"""

import time
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from common.models import (
    Barangay,
    Community,
    DataSource,
    Municipality,
    MunicipalityKind,
    Need,
    Province,
    Region,
    Sector,
)
from coordination.models import Organization, OrganizationKind
from monitoring.models import MonitoringEntry
from ocm_dashboard.models import BeneficiaryOverlap, OCMDashboardSnapshot

PpaCommunity = MonitoringEntry.communities.through
MARK = "scale"  # the notes of every scale community: how --reset finds them
TITLE = "Scale PPA"
# Regions IX to XII with synthetic codes (real PSGC codes never start with 8).
REGIONS = [("IX", 7.6, 122.6), ("X", 8.3, 124.4), ("XI", 7.2, 125.7), ("XII", 6.6, 124.8)]
PROVINCES_PER_REGION = 6
MUNICIPALITIES_PER_PROVINCE = 11
CITIES_PER_REGION = 2  # independent cities, directly under the region


@dataclass(frozen=True)
class Size:
    years: int
    ppas: int
    communities: int
    per_ppa: int
    maos: int
    first_year: int


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


class Command(BaseCommand):
    help = "Generate synthetic PPAs, communities and needs at scale for the dashboard benchmark (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10, help="Fiscal years (default 10).")
        parser.add_argument("--ppas", type=int, default=1_000_000, help="PPAs in all (default 1,000,000).")
        parser.add_argument(
            "--communities", type=int, default=20_000, help="OBC communities (default 20,000)."
        )
        parser.add_argument(
            "--communities-per-ppa", type=int, default=2, help="Communities per PPA (default 2)."
        )
        parser.add_argument("--maos", type=int, default=43, help="MAOs (default 43).")
        parser.add_argument(
            "--first-year",
            type=int,
            default=None,
            help="First fiscal year (default: the last `years` ending now).",
        )
        parser.add_argument("--reset", action="store_true", help="Delete earlier scale data first.")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale needs PostgreSQL (it uses generate_series and gen_random_uuid).")
        years = options["years"]
        size = Size(
            years=years,
            ppas=options["ppas"],
            communities=options["communities"],
            per_ppa=options["communities_per_ppa"],
            maos=options["maos"],
            first_year=options["first_year"] or timezone.localdate().year - years + 1,
        )
        if min(size.years, size.ppas, size.communities, size.per_ppa, size.maos) < 1:
            raise CommandError("Every size must be at least 1.")
        if size.per_ppa > size.communities:
            raise CommandError("--communities-per-ppa cannot exceed --communities.")
        existing = self.existing()
        if existing == (size.ppas, size.communities, size.ppas * size.per_ppa) and not options["reset"]:
            self.stdout.write(
                f"Scale data already in place: {size.ppas:,} PPAs, {size.communities:,} communities."
            )
            return
        if any(existing) or options["reset"]:
            self.step("removed earlier scale data", self.reset)
        with transaction.atomic():
            self.step("geography", lambda: self.geography(size))
            self.step(f"{size.communities:,} communities and their needs", lambda: self.communities(size))
            maos = self.step(f"{size.maos} MAOs", lambda: self.maos(size))
            self.step(f"{size.ppas:,} PPAs", lambda: self.ppas(size, maos))
            self.step(f"{size.ppas * size.per_ppa:,} PPA-community links", lambda: self.links(size))
        self.step("ANALYZE", self.analyze)

    def step(self, label: str, work):
        started = time.perf_counter()
        result = work()
        self.stdout.write(f"  {label}: {time.perf_counter() - started:.1f} s")
        return result

    def existing(self) -> tuple[int, int, int]:
        ppas = MonitoringEntry.objects.filter(source=DataSource.SYNTHETIC, title__startswith=TITLE)
        links = MonitoringEntry.communities.through.objects.filter(monitoringentry__in=ppas.values("pk"))
        return ppas.count(), Community.objects.filter(notes=MARK).count(), links.count()

    def reset(self) -> None:
        scale_ppas = f"SELECT id FROM {table(MonitoringEntry)} WHERE source = %s AND title LIKE %s"
        ppa_params = [DataSource.SYNTHETIC, f"{TITLE} %"]
        scale_communities = f"SELECT id FROM {table(Community)} WHERE notes = %s"
        statements = [
            (f"DELETE FROM {table(PpaCommunity)} WHERE monitoringentry_id IN ({scale_ppas})", ppa_params),
            (f"DELETE FROM {table(MonitoringEntry)} WHERE id IN ({scale_ppas})", ppa_params),
            (f"DELETE FROM {table(BeneficiaryOverlap)} WHERE municipality_id IN "
             f"(SELECT id FROM {table(Municipality)} WHERE psgc_code LIKE %s)", ["8%"]),
            (f"DELETE FROM {table(OCMDashboardSnapshot)}", []),
            (f"DELETE FROM {table(Need)} WHERE community_id IN ({scale_communities})", [MARK]),
            (f"DELETE FROM {table(Community)} WHERE notes = %s", [MARK]),
            *[(f"DELETE FROM {table(model)} WHERE psgc_code LIKE %s", ["8%"])
              for model in (Barangay, Municipality, Province, Region)],
        ]  # fmt: skip
        with transaction.atomic(), connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)

    def geography(self, size: Size) -> None:
        for index, (short, _lat, _lng) in enumerate(REGIONS, start=1):
            region, _ = Region.objects.get_or_create(
                psgc_code=f"8{index}00000000", defaults={"name": f"Scale Region {short}", "short_name": short}
            )
            for p in range(1, PROVINCES_PER_REGION + 1):
                province, _ = Province.objects.get_or_create(
                    psgc_code=f"8{index}{p:02d}000000",
                    defaults={"name": f"Scale Province {short}-{p}", "region": region, "population": 500_000},
                )
                Municipality.objects.bulk_create(
                    [
                        Municipality(
                            psgc_code=f"8{index}{p:02d}{m:02d}0000",
                            name=f"Scale Town {short}-{p}-{m}",
                            kind=MunicipalityKind.MUNICIPALITY,
                            region=region,
                            province=province,
                            population=50_000,
                        )
                        for m in range(1, MUNICIPALITIES_PER_PROVINCE + 1)
                    ],
                    ignore_conflicts=True,
                )
            Municipality.objects.bulk_create(
                [
                    Municipality(
                        psgc_code=f"8{index}99{c:02d}0000",
                        name=f"Scale City {short}-{c}",
                        kind=MunicipalityKind.CITY,
                        is_huc=True,
                        region=region,
                        population=400_000,
                    )
                    for c in range(1, CITIES_PER_REGION + 1)
                ],
                ignore_conflicts=True,
            )

    def communities(self, size: Size) -> None:
        """Barangays spread evenly over the scale municipalities, one community each, with
        coordinates around their region's centre and two needs."""
        centres = " ".join(
            f"WHEN m.psgc_code LIKE '8{index}%%' THEN {lat} + (random() - 0.5) * 1.6"
            for index, (_, lat, _) in enumerate(REGIONS, start=1)
        )
        longitudes = " ".join(
            f"WHEN m.psgc_code LIKE '8{index}%%' THEN {lng} + (random() - 0.5) * 1.6"
            for index, (_, _, lng) in enumerate(REGIONS, start=1)
        )
        groups = "ARRAY['maguindanaon','meranaw','tausug','sama','iranun','yakan','badjao','kagan']"
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS scale_towns, scale_communities")
            cursor.execute("SELECT setseed(0.2025)")  # the same coordinates on every run
            cursor.execute(
                f"""
                CREATE TEMPORARY TABLE scale_towns ON COMMIT DROP AS
                SELECT row_number() OVER (ORDER BY psgc_code) - 1 AS n, id, psgc_code
                FROM {table(Municipality)} WHERE psgc_code LIKE %s
                """,
                ["8%"],
            )
            cursor.execute("SELECT count(*) FROM scale_towns")
            towns = cursor.fetchone()[0]
            cursor.execute(
                f"""
                INSERT INTO {table(Barangay)}
                    (created_at, updated_at, psgc_code, name, population, municipality_id)
                SELECT now(), now(), (8000000000 + g)::text, 'Scale Barangay ' || g, 2000 + (g %% 3000), t.id
                FROM generate_series(1, %s) g JOIN scale_towns t ON t.n = ((g - 1) * %s) / %s
                """,
                [size.communities, towns, size.communities],
            )
            cursor.execute(
                f"""
                INSERT INTO {table(Community)} (
                    created_at, updated_at, uid, barangay_id, municipality_id, province_id, region_id, name,
                    other_names, estimated_obc_population, households, ethnolinguistic_group, latitude,
                    longitude, poverty_band, classification, source, notes)
                SELECT now(), now(), gen_random_uuid(), b.id, m.id, m.province_id, m.region_id,
                    'Scale community of ' || b.name, '', 200 + (b.id %% 1800), (200 + (b.id %% 1800)) / 5,
                    ({groups})[1 + (b.id %% 8)],
                    round((CASE {centres} END)::numeric, 6), round((CASE {longitudes} END)::numeric, 6),
                    'unknown', 'internal', %s, %s
                FROM {table(Barangay)} b JOIN {table(Municipality)} m ON m.id = b.municipality_id
                WHERE b.psgc_code LIKE '8%%'
                ORDER BY b.psgc_code
                """,
                [DataSource.SYNTHETIC, MARK],
            )
            sectors = "ARRAY[" + ",".join(f"'{sector}'" for sector in Sector.values) + "]"
            cursor.execute(
                f"""
                INSERT INTO {table(Need)} (
                    created_at, updated_at, uid, community_id, title, description, sector, urgency, status,
                    affected_population, source)
                SELECT now(), now(), gen_random_uuid(), c.id, 'Scale need ' || k, '',
                    ({sectors})[1 + ((c.id + k * 3) %% {len(Sector.values)})],
                    (ARRAY['immediate','short_term','medium_term','long_term'])[1 + ((c.id + k) %% 4)],
                    (ARRAY['validated','validated','reported','being_addressed'])[1 + ((c.id * 7 + k) %% 4)],
                    1 + (c.estimated_obc_population * (10 + (c.id %% 80)) / 100), %s
                FROM {table(Community)} c CROSS JOIN generate_series(1, 2) k
                WHERE c.notes = %s
                """,
                [DataSource.SYNTHETIC, MARK],
            )

    def maos(self, size: Size) -> list[int]:
        Organization.objects.bulk_create(
            [
                Organization(
                    name=f"Scale Ministry {index:02d}", acronym=f"SC{index:02d}", kind=OrganizationKind.MAO
                )
                for index in range(1, size.maos + 1)
            ],
            ignore_conflicts=True,
        )
        return list(
            Organization.objects.filter(acronym__in=[f"SC{index:02d}" for index in range(1, size.maos + 1)])
            .order_by("acronym")
            .values_list("id", flat=True)
        )

    def ppas(self, size: Size, maos: list[int]) -> None:
        """PPAs spread evenly over the years, generated a year at a time; MAO, sector and
        first community come from a hash of the row number (deterministic, well mixed),
        status, budget and dates vary with it. Coverage: the municipality of the first
        community served (see links)."""
        sectors = "ARRAY[" + ",".join(f"'{sector}'" for sector in Sector.values) + "]"
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                CREATE TEMPORARY TABLE scale_communities ON COMMIT DROP AS
                SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, municipality_id, province_id, region_id
                FROM {table(Community)} WHERE notes = %s
                """,
                [MARK],
            )
            cursor.execute("CREATE UNIQUE INDEX ON scale_communities (n)")
            # Year by year, oldest first, as real data arrives: each year's rows lie together
            # in the table (row g belongs to year g mod years, so the rows are the same).
            for year in range(size.years):
                cursor.execute(
                    f"""
                INSERT INTO {table(MonitoringEntry)} (
                    created_at, updated_at, uid, category, kind, title, description, implementing_mao_id,
                    fiscal_year, sector, status, request_status, progress, budget_allocated, budget_utilized,
                    earmarked_amount,
                    over_utilization_approved, over_utilization_note, funding_source, appropriation_class,
                    beneficiaries_individuals, beneficiaries_households, coverage_region_id,
                    coverage_province_id, coverage_municipality_id, start_date, end_date, last_reported_on,
                    source)
                SELECT now(), now(), gen_random_uuid(), 'mao_ppa', 'ppa', '{TITLE} ' || g, '',
                    (%(maos)s::bigint[])[1 + mod(abs(hashint8(3 * g + 1)), %(mao_count)s)],
                    %(first_year)s + (g %% %(years)s),
                    ({sectors})[1 + mod(abs(hashint8(5 * g + 2)), {len(Sector.values)})],
                    (ARRAY['ongoing','ongoing','completed','planning','on_hold','cancelled'])[1 + (g %% 6)],
                    '', (g * 13) %% 101, 100000 + (g * 7919 %% 5000) * 1000,
                    (100000 + (g * 7919 %% 5000) * 1000) * ((g * 13) %% 101) / 100, 0,
                    false, '', 'gaab', '', 50 + (g %% 950), 10 + (g %% 190),
                    c.region_id, c.province_id, c.municipality_id,
                    CASE WHEN g %% 3 = 0
                        THEN make_date((%(first_year)s + g %% %(years)s)::int, (1 + g %% 6)::int, 1) END,
                    CASE WHEN g %% 3 = 0
                        THEN make_date((%(first_year)s + g %% %(years)s)::int, (7 + g %% 6)::int, 28) END,
                    CASE WHEN g %% 10 < 7
                        THEN make_date(
                            (%(first_year)s + g %% %(years)s)::int, (1 + g %% 12)::int, (1 + g %% 28)::int
                        ) END,
                    %(source)s
                FROM generate_series(%(start)s::bigint, %(ppas)s, %(years)s) g
                JOIN scale_communities c ON c.n = mod(abs(hashint8(g)), %(communities)s)
                """,
                    {
                        "maos": maos,
                        "mao_count": len(maos),
                        "first_year": size.first_year,
                        "years": size.years,
                        "ppas": size.ppas,
                        "start": year or size.years,
                        "communities": size.communities,
                        "source": DataSource.SYNTHETIC,
                    },
                )

    def links(self, size: Size) -> None:
        """Each PPA serves `per_ppa` neighbouring communities, starting with the one its
        coverage names (the numbering follows the barangays, so neighbours share a town)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table(PpaCommunity)} (monitoringentry_id, community_id)
                SELECT e.id, c.id
                FROM (
                    SELECT id,
                        mod(abs(hashint8(substring(title FROM {len(TITLE) + 2})::bigint)), %(communities)s)
                            AS first
                    FROM {table(MonitoringEntry)} WHERE source = %(source)s AND title LIKE %(title)s
                ) e
                CROSS JOIN generate_series(0, %(per_ppa)s - 1) k
                JOIN scale_communities c ON c.n = (e.first + k) %% %(communities)s
                """,
                {
                    "communities": size.communities,
                    "per_ppa": size.per_ppa,
                    "source": DataSource.SYNTHETIC,
                    "title": f"{TITLE} %",
                },
            )

    def analyze(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
