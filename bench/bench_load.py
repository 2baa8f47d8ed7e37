"""Every API answer under concurrent load at the seed_scale size (`make bench BENCH=load`).

Starts gunicorn as the Dockerfile does (`--workers ${WEB_CONCURRENCY:-3}`, sync workers) on
the bench database with Redis, on 127.0.0.1 only, warms each endpoint up, then for each
endpoint drives 1 and then 10 concurrent clients for BENCH_LOAD_SECONDS (default 15) with
locust used as a library (bench/load_driver.py: closed loop, no think time), and prints p50 / p95 /
p99, throughput and errors per endpoint, with the database queries one request makes, the
raw-SQL floor beside the heavy reads, and the EXPLAIN of the list queries. Bounded in time:
about (endpoints x 2 x BENCH_LOAD_SECONDS) plus seeding, detection and a snapshot.

Size: as bench_dashboard (BENCH_DASHBOARD_PPAS, ..._COMMUNITIES, ..._YEARS, ..._PER_PPA).
Other knobs: BENCH_LOAD_SECONDS, BENCH_LOAD_CLIENTS ("1,10"), BENCH_LOAD_WORKERS (3),
BENCH_LOAD_PORT (else PORT, else 8099), BENCH_LOAD_ONLY (comma-separated endpoint names).
Target (issue 17): every row p95 < 300 ms at 10 clients, no errors.
"""

import io
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.bench_dashboard import OVERVIEW_SQL, raw, seconds, seed_scale_data

REPO = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "15"))
CLIENTS = [int(value) for value in os.environ.get("BENCH_LOAD_CLIENTS", "1,10").split(",")]
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", os.environ.get("WEB_CONCURRENCY", "3")))
PORT = int(os.environ.get("BENCH_LOAD_PORT") or os.environ.get("PORT") or "8099")
TARGET_MS = 300
# Per database, so nothing else on the server changes; shared_buffers needs a restart and
# is reported as the server has it. docker-compose.yml sets the same for production.
DATABASE_SETTINGS = {"work_mem": "32MB", "jit": "off", "random_page_cost": "1.1"}
SHOWN_SETTINGS = [
    "server_version",
    "shared_buffers",
    "work_mem",
    "jit",
    "random_page_cost",
    "effective_cache_size",
    "max_parallel_workers_per_gather",
]
PPA_COLUMNS = "e.id, e.uid, e.title, e.fiscal_year, e.sector, e.status, e.budget_allocated, e.progress"


@dataclass
class Endpoint:
    name: str
    path: str
    auth: str = ""  # "", "jwt", "session", "partner"
    raw_sql: list[str] = field(default_factory=list)
    explain: bool = False
    # Filled by the in-process pass.
    queries: int = 0
    status: int = 0
    kilobytes: int = 0
    captured: list[str] = field(default_factory=list)


@dataclass
class Result:
    clients: int
    requests: int
    failures: int
    p50: float
    p95: float
    p99: float
    rps: float


def ppa_list_sql(where: str = "") -> str:
    return f"""SELECT {PPA_COLUMNS}, o.name, (SELECT count(*) FROM monitoring_monitoringentry_communities l
                WHERE l.monitoringentry_id = e.id)
        FROM monitoring_monitoringentry e
        LEFT JOIN coordination_organization o ON o.id = e.implementing_mao_id
        {where} ORDER BY e.fiscal_year DESC, e.title, e.id LIMIT 26"""  # noqa: S608 - constants


def endpoints(fy: int, ppa_uid: str) -> list[Endpoint]:
    year = f"WHERE e.fiscal_year = {int(fy)}"
    return [
        Endpoint("ppa list (API, first page)", "/api/v1/internal/ppas/", "jwt", [ppa_list_sql()], True),
        Endpoint(
            "ppa list (API, ?fiscal_year=)",
            f"/api/v1/internal/ppas/?fiscal_year={fy}",
            "jwt",
            [ppa_list_sql(year)],
            True,
        ),
        Endpoint(
            "ocm-dashboard overview (API)",
            f"/api/v1/internal/ocm-dashboard/overview/?fiscal_year={fy}",
            "jwt",
            OVERVIEW_SQL,
        ),
        Endpoint("dashboard page (snapshot)", f"/dashboard/?fiscal_year={fy}", "session"),
        Endpoint(
            "dashboard page (sector filter)", f"/dashboard/?fiscal_year={fy}&sector=economic", "session"
        ),
        Endpoint("ppa detail page", f"/ppas/{ppa_uid}/", "session"),
        Endpoint("catalog page", "/catalog/"),
        Endpoint("catalog API (public)", "/api/v1/public/catalog/services/"),
        Endpoint("Open311 services.json", "/open311/v2/services.json"),
        Endpoint("Open311 requests.json", "/open311/v2/requests.json"),
        Endpoint(
            "partner API ppas list",
            "/api/v1/external/ppas/",
            "partner",
            [
                f"SELECT {PPA_COLUMNS}, e.updated_at FROM monitoring_monitoringentry e "
                "ORDER BY e.updated_at, e.uid LIMIT 101"
            ],
        ),
        Endpoint("partner API communities list", "/api/v1/external/communities/", "partner"),
    ]


def run(report) -> None:
    seed_scale_data(report, before=seed_catalog_and_people)
    apply_database_settings(report)
    fy, ppa_uid = measured_year()
    auth = Auth()  # before the snapshot: creating its partner changes the data version
    prepare_year(report, fy)
    chosen = endpoints(fy, ppa_uid)
    chosen.insert(2, a_later_page(fy, auth))
    only = {name.strip() for name in os.environ.get("BENCH_LOAD_ONLY", "").split(",") if name.strip()}
    if only:
        chosen = [endpoint for endpoint in chosen if any(part in endpoint.name for part in only)]
    check_figures(report, fy, auth)
    in_process(report, chosen, auth)
    floors = raw_floors(report, chosen, fy)
    explain_lists(report, chosen, auth)
    results = under_load(report, chosen, auth)
    print_table(report, chosen, results, floors)


# --- Data and settings -----------------------------------------------------------------


def seed_catalog_and_people() -> None:
    """The demo (catalog services, requests, people) once, so the public endpoints have
    something to list; the scale data comes on top of it."""
    from django.core.management import call_command
    from django.test import override_settings

    from service_catalog.models import ServiceCatalogEntry

    if not ServiceCatalogEntry.objects.exists():
        with override_settings(DEBUG=True):
            call_command("seed_demo", stdout=io.StringIO())


def apply_database_settings(report) -> None:
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        for setting, value in DATABASE_SETTINGS.items():
            cursor.execute(f'ALTER DATABASE "{name}" SET {setting} = %s', [value])
    connection.close()  # new sessions (this one and gunicorn's) start with them
    with connection.cursor() as cursor:
        shown = []
        for setting in SHOWN_SETTINGS:
            cursor.execute(f"SHOW {setting}")
            shown.append(f"{setting}={cursor.fetchone()[0]}")
    report.row("PostgreSQL settings used: " + ", ".join(shown[:4]), "")
    report.row("  " + ", ".join(shown[4:]), "")


def measured_year() -> tuple[int, str]:
    from monitoring.models import MonitoringEntry

    latest = MonitoringEntry.objects.filter(title__startswith="Scale PPA").order_by("-fiscal_year").first()
    sample = (
        MonitoringEntry.objects.filter(title__startswith="Scale PPA", fiscal_year=latest.fiscal_year)
        .order_by("pk")
        .first()
    )
    return latest.fiscal_year, str(sample.uid)


def prepare_year(report, fy: int) -> None:
    """The daily refresh's work for the measured year: overlap detection, then the snapshot
    (which also keeps the year's overview for the API)."""
    from ocm_dashboard.models import BeneficiaryOverlap
    from ocm_dashboard.services.overlaps import overlaps_detect
    from ocm_dashboard.services.snapshots import snapshot_take

    started = time.perf_counter()
    if not BeneficiaryOverlap.objects.filter(fiscal_year=fy).exists():
        overlaps_detect(fiscal_year=fy)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE ocm_dashboard_beneficiaryoverlap")
        cursor.execute("VACUUM ANALYZE monitoring_monitoringentry")
    snapshot_take(fiscal_year=fy)
    report.row(
        f"FY{fy}: overlap detection (first run only) and snapshot", seconds(time.perf_counter() - started)
    )


class Auth:
    """Credentials for each kind of endpoint: a JWT (fresh per use: they live 10 minutes),
    a session cookie (OCM executive) and a partner's OAuth2 token."""

    def __init__(self) -> None:
        from django.conf import settings
        from django.test import Client
        from rest_framework.test import APIClient

        from common.models import DataClassification, Role, User
        from external_api.tests.factories import make_agreement, make_partner_client
        from tests.helpers import oauth_token

        self.user, _ = User.objects.get_or_create(
            username="bench-ocm", defaults={"email": "bench-ocm@obcms.invalid", "role": Role.OCM_EXECUTIVE}
        )
        client = Client()
        client.force_login(self.user)
        self.cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        stamp = f"{time.time():.0f}"
        owner = User.objects.create(
            username=f"bench-partner-{stamp}",
            email=f"bench-partner-{stamp}@obcms.invalid",
            role=Role.EXTERNAL_PARTNER,
        )
        profile, secret = make_partner_client(
            scopes=["ppas:read", "communities:read"], organization_name=f"Bench partner {stamp}", owner=owner
        )
        make_agreement(profile.organization, classification=DataClassification.INTERNAL)
        token = oauth_token(APIClient(), profile.application.client_id, secret).json()["access_token"]
        self.partner = f"Bearer {token}"

    def headers(self, kind: str) -> dict:
        from rest_framework_simplejwt.tokens import RefreshToken

        if kind == "jwt":
            token = RefreshToken.for_user(self.user).access_token
            token.set_exp(lifetime=timedelta(hours=1))  # outlives the whole run
            return {"Authorization": f"Bearer {token}"}
        if kind == "session":
            return {"Cookie": self.cookie}
        if kind == "partner":
            return {"Authorization": self.partner}
        return {}

    def django_headers(self, kind: str) -> dict:
        return {"HTTP_" + name.upper().replace("-", "_"): value for name, value in self.headers(kind).items()}


def a_later_page(fy: int, auth: "Auth") -> Endpoint:
    """The page after 40 pages of the year (by cursor): a deep page costs what the first does."""
    from urllib.parse import urlsplit

    from rest_framework.test import APIClient

    client, url = APIClient(), f"/api/v1/internal/ppas/?fiscal_year={fy}&page_size=25"
    for _ in range(40):  # fewer when the year has fewer pages
        following = client.get(url, **auth.django_headers("jwt")).json()["next"]
        if not following:
            break
        url = following
    parts = urlsplit(url)
    return Endpoint(
        "ppa list (API, ?fiscal_year=, page 41)", f"{parts.path}?{parts.query}", "jwt", explain=True
    )


# --- Checks and measurements in process --------------------------------------------------


def check_figures(report, fy: int, auth: Auth) -> None:
    """The overview the API serves (kept by the snapshot) equals the live computation."""
    from rest_framework.test import APIClient

    from ocm_dashboard.filters import DashboardFilters
    from ocm_dashboard.selectors.served import overview_payload

    body = (
        APIClient()
        .get(f"/api/v1/internal/ocm-dashboard/overview/?fiscal_year={fy}", **auth.django_headers("jwt"))
        .json()
    )
    started = time.perf_counter()
    live = json.loads(json.dumps(overview_payload(filters=DashboardFilters(fiscal_year=fy)), default=str))
    live_time = time.perf_counter() - started
    served = {key: value for key, value in body.items() if key not in ("served_from", "computed_at")}
    same = served == live
    report.row(
        f"overview served ({body['served_from']}) equals the live computation",
        "match" if same else "MISMATCH",
    )
    report.row("overview computed live, for comparison (13 queries)", seconds(live_time))


def in_process(report, chosen: list[Endpoint], auth: Auth) -> None:
    """Queries one warm request makes (the same code gunicorn runs)."""
    from django.test import Client

    client = Client()
    for endpoint in chosen:
        client.get(endpoint.path, **auth.django_headers(endpoint.auth))  # warm the caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(endpoint.path, **auth.django_headers(endpoint.auth))
        queries = [query for query in captured if "django_session" not in query["sql"]]
        endpoint.queries = len(queries)
        endpoint.status = response.status_code
        endpoint.kilobytes = len(response.content) // 1024
        endpoint.captured = [query["sql"] for query in queries]
        report.row(
            f"{endpoint.name}: HTTP {response.status_code}, {endpoint.kilobytes} KB",
            f"{len(queries)} queries",
        )


def raw_floors(report, chosen: list[Endpoint], fy: int) -> dict[str, float]:
    from ocm_dashboard.filters import DashboardFilters
    from ocm_dashboard.selectors.scope import expected_progress

    params = {"fy": fy, "expected": expected_progress(DashboardFilters(fiscal_year=fy))}
    floors = {}
    for endpoint in chosen:
        if not endpoint.raw_sql:
            continue
        raw(endpoint.raw_sql, params)
        runs = []
        for _ in range(3 if len(endpoint.raw_sql) > 1 else 15):
            started = time.perf_counter()
            raw(endpoint.raw_sql, params)
            runs.append(time.perf_counter() - started)
        floors[endpoint.name] = statistics.median(runs)
        report.row(
            f"raw SQL floor: {endpoint.name} ({len(endpoint.raw_sql)} statements)",
            _floor(floors[endpoint.name]),
        )
    return floors


def _floor(value: float) -> str:
    """Index reads take well under a millisecond: a tenth of one is shown."""
    return f"{value * 1000:.1f} ms" if value < 0.01 else seconds(value)


def explain_lists(report, chosen: list[Endpoint], auth: Auth) -> None:
    """EXPLAIN ANALYZE of each list's page query, as the ORM sent it."""
    for endpoint in chosen:
        if not endpoint.explain:
            continue
        pages = [sql for sql in endpoint.captured if "ORDER BY" in sql and "LIMIT" in sql]
        if not pages:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) {pages[-1]}")
            plan = [row[0] for row in cursor.fetchall()]
        uses = "ppa_list_order" in "\n".join(plan) or "ppa_list_by_mao" in "\n".join(plan)
        report.row(f"EXPLAIN {endpoint.name}", "index ppa_list_order" if uses else "NO ORDER INDEX")
        for line in plan:
            print(f"      {line}", flush=True)


# --- Under load ----------------------------------------------------------------------------


def under_load(report, chosen: list[Endpoint], auth: Auth) -> dict[tuple[str, int], Result]:
    """Every endpoint at each client count, one locust process for the whole series."""
    results = {}
    server = start_gunicorn()
    try:
        runs = []
        for endpoint in chosen:
            headers = auth.headers(endpoint.auth)
            for _ in range(3):
                fetch(endpoint.path, headers)  # warm-up: caches, connections, imports
            runs += [
                {"name": endpoint.name, "path": endpoint.path, "headers": headers, "clients": clients}
                | {"seconds": SECONDS}
                for clients in CLIENTS
            ]
        driver = subprocess.Popen(  # noqa: S603 - our own script
            [sys.executable, str(REPO / "bench" / "load_driver.py")],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        driver.stdin.write(json.dumps({"host": f"http://127.0.0.1:{PORT}", "runs": runs}))
        driver.stdin.close()
        for line in driver.stdout:
            measured = json.loads(line)
            result = Result(**{key: measured[key] for key in Result.__dataclass_fields__})
            results[(measured["name"], result.clients)] = result
            report.row(
                f"{measured['name']}, {result.clients} client{'s' if result.clients > 1 else ''}",
                f"{result.p50:.0f}/{result.p95:.0f}/{result.p99:.0f} ms",
                f"{result.rps:.1f} req/s, {result.failures} errors of {result.requests}",
            )
        driver.wait(timeout=60)
    finally:
        stop_gunicorn(server)
    return results


def gunicorn_environment() -> dict:
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="obc_management.settings.base",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # The load comes from one address: the per-IP rate limits (still checked, in Redis,
        # as in production) get a one-second window so they never answer 429.
        THROTTLE_PUBLIC="1000000/second",
        THROTTLE_INTERNAL="1000000/second",
        THROTTLE_EXTERNAL="1000000/second",
    )
    return environment


def start_gunicorn() -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "obc_management.wsgi:application",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        str(WORKERS),
        "--access-logfile",
        os.devnull,
        "--timeout",
        "120",
    ]
    server = subprocess.Popen(command, cwd=REPO, env=gunicorn_environment(), start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fetch("/healthz", {})
            return server
        except OSError:
            time.sleep(0.5)
    stop_gunicorn(server)
    raise RuntimeError(f"gunicorn did not answer on 127.0.0.1:{PORT}")


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def fetch(path: str, headers: dict) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - 127.0.0.1 only
        response.read()
        return response.status


def print_table(report, chosen: list[Endpoint], results: dict, floors: dict) -> None:
    """The whole run as the Markdown table docs/performance.md carries."""
    many = max(CLIENTS)
    print(
        f"\n| endpoint | queries | 1 client p50 / p95 | {many} clients p50 / p95 / p99 | req/s at {many} "
        f"| errors | raw SQL floor | p95 < {TARGET_MS} ms at {many} |",
        flush=True,
    )
    print("|---|---|---|---|---|---|---|---|")
    for endpoint in chosen:
        one, loaded = results.get((endpoint.name, 1)), results.get((endpoint.name, many))
        if one is None or loaded is None:
            continue
        floor = _floor(floors[endpoint.name]) if endpoint.name in floors else ""
        errors = one.failures + loaded.failures
        met = "yes" if loaded.p95 < TARGET_MS and not errors else "NO"
        print(
            f"| {endpoint.name} | {endpoint.queries} | {one.p50:.0f} / {one.p95:.0f} ms "
            f"| {loaded.p50:.0f} / {loaded.p95:.0f} / {loaded.p99:.0f} ms | {loaded.rps:.1f} "
            f"| {errors} | {floor} | {met} |",
            flush=True,
        )
