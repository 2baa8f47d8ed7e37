"""Partner API at scale: a full fiscal-year sync through cursor pages of 500, an
`updated_since` sync after 1,000 changes, and 10,000 webhook deliveries by one worker.

Seeds BENCH_PPAS synthetic PPAs (default 1,000,000; titles "BENCH PPA n", fiscal years
2016-2035, so one year holds a twentieth) with one INSERT ... SELECT generate_series, and
removes them at the end. The sync runs the real view in-process (token auth, agreement
check, access log write), timed per page with its query count. The webhook part starts a
real Celery worker process (solo pool, one process) on a queue of its own, sends it one
task per delivery through Redis, and times until every delivery succeeded against a
receiver on 127.0.0.1.
"""

import os
import statistics
import subprocess
import sys
import time
import uuid
from urllib.parse import quote

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

PPAS = int(os.environ.get("BENCH_PPAS", "1000000"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "10000"))
YEARS = 20
FISCAL_YEAR = 2025
PAGE = 500
CHANGES = 1000


def _seed(mao_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO monitoring_monitoringentry (
                created_at, updated_at, uid, category, kind, title, description, implementing_mao_id,
                fiscal_year, sector, status, request_status, progress, budget_allocated, budget_utilized,
                earmarked_amount, over_utilization_approved, over_utilization_note, funding_source,
                appropriation_class, source)
            SELECT now() - (n || ' seconds')::interval, now() - (n || ' seconds')::interval,
                   gen_random_uuid(), 'mao_ppa', 'ppa', 'BENCH PPA ' || n, '', %s,
                   2016 + n %% %s, (ARRAY['economic','social','infrastructure','environment',
                   'governance','peace_security'])[1 + n %% 6], 'ongoing', '', n %% 101,
                   1000000, 250000, 0, false, '', 'gaab', '', 'synthetic'
            FROM generate_series(1, %s) AS n
            """,
            [mao_id, YEARS, PPAS],
        )
        cursor.execute("ANALYZE monitoring_monitoringentry")


def _cleanup() -> None:
    from oauth2_provider.models import get_application_model

    from coordination.models import Organization
    from external_api.models import DataSharingAgreement, WebhookEndpoint, WebhookEvent

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM monitoring_monitoringentry WHERE title LIKE 'BENCH PPA %%'")
    WebhookEvent.objects.filter(source_key__startswith="bench-").delete()
    WebhookEndpoint.objects.filter(description="bench").delete()
    get_application_model().objects.filter(client_id="bench-partner").delete()
    DataSharingAgreement.objects.filter(partner__name__startswith="BENCH ").delete()
    Organization.objects.filter(name__startswith="BENCH ").delete()


def _partner():
    from django.utils import timezone

    from common.models import DataClassification, Role, User
    from coordination.models import Organization, OrganizationKind
    from external_api.models import AgreementStatus, Dataset, DataSharingAgreement
    from external_api.services.clients import partner_client_create

    owner, _ = User.objects.get_or_create(username="bench-partner", defaults={"role": Role.EXTERNAL_PARTNER})
    organization, _ = Organization.objects.get_or_create(
        name="BENCH partner agency", kind=OrganizationKind.NGA
    )
    profile, secret = partner_client_create(
        owner=owner,
        organization_name="BENCH partner agency",
        contact_email="bench@example.invalid",
        scopes=["ppas:read", "webhooks:manage"],
        client_id="bench-partner",
        organization=organization,
    )
    today = timezone.localdate()
    DataSharingAgreement.objects.get_or_create(
        partner=organization,
        defaults={
            "purpose": "benchmark",
            "datasets": [Dataset.PPAS],
            "max_classification": DataClassification.INTERNAL,
            "start_date": today,
            "end_date": today.replace(year=today.year + 1),
            "status": AgreementStatus.ACTIVE,
        },
    )
    return profile, secret


def _sync(client, auth, first_url):
    times, queries, rows, url = [], [], 0, first_url
    while url:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, HTTP_AUTHORIZATION=auth)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        rows += len(body["results"])
        queries.append(len(captured))
        url = body["next"]
    return times, queries, rows


def _report_sync(report, label, times, queries, rows):
    report.row(f"{label}: rows / pages", f"{rows} / {len(times)}")
    if not times:
        return
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    report.row(
        "  page time median / p95 / max",
        f"{statistics.median(times) * 1000:.0f} / {p95 * 1000:.0f} / {max(times) * 1000:.0f} ms",
        "< 300 ms",
    )
    report.row("  queries per page (min-max)", f"{min(queries)}-{max(queries)}", "constant")
    report.row("  total", f"{sum(times):.1f} s")


def _webhooks(report, profile) -> None:
    from django.conf import settings
    from django.utils import timezone

    from external_api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
    from external_api.tests.sink import start_sink
    from obc_management.celery import app

    if not settings.REDIS_URL:
        report.row("webhooks: skipped (no REDIS_URL for a real worker)", "-")
        return
    sink = start_sink(statuses=(204,))
    endpoint = WebhookEndpoint.objects.create(
        client=profile,
        url=sink.url,
        event_types=["ppa.status_changed"],
        secret="whsec_" + "QkVOQ0g=" * 4,
        description="bench",
    )
    now = timezone.now()
    events = WebhookEvent.objects.bulk_create(
        WebhookEvent(
            event_type="ppa.status_changed",
            dataset="ppas",
            occurred_at=now,
            data={"uid": str(uuid.uuid4()), "status": "completed"},
            source_key=f"bench-{n}",
        )
        for n in range(EVENTS)
    )
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            event=event,
            payload='{"type":"ppa.status_changed","data":{}}',
            next_attempt_at=now,
        )
        for event in events
    )
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "obc_management.settings.base",
        "DEBUG": "false",
        "WEBHOOK_ALLOW_LOOPBACK": "true",
        "LOG_LEVEL": "WARNING",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "obc_management",
            "worker",
            "-Q",
            queue,
            "-n",
            f"{queue}@localhost",
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300  # a loaded machine starts Django and Celery slowly
        while not app.control.ping(destination=[f"{queue}@localhost"], timeout=0.5):
            if time.monotonic() > deadline:
                raise RuntimeError("bench worker did not start")
        started = time.perf_counter()
        with app.producer_or_acquire() as producer:
            for delivery in deliveries:
                app.send_task(
                    "external_api.tasks.deliver_webhook", args=[delivery.pk], queue=queue, producer=producer
                )
        sent = time.perf_counter() - started
        ids = [delivery.pk for delivery in deliveries]
        while WebhookDelivery.objects.filter(pk__in=ids, status=DeliveryStatus.SUCCEEDED).count() < len(ids):
            if time.perf_counter() - started > 1800:
                break
            time.sleep(1)
        elapsed = time.perf_counter() - started
        done = WebhookDelivery.objects.filter(pk__in=ids, status=DeliveryStatus.SUCCEEDED).count()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        sink.close()
    report.row(f"webhooks: {EVENTS} deliveries by one worker (solo), succeeded", f"{done}")
    report.row("  tasks sent to Redis in", f"{sent:.1f} s")
    report.row("  all delivered in / throughput", f"{elapsed:.1f} s / {done / elapsed:.0f} per s")
    report.row("  receiver saw", f"{len(sink.received)} requests")


def run(report) -> None:
    from django.utils import timezone
    from rest_framework.test import APIClient

    from coordination.models import Organization, OrganizationKind
    from monitoring.models import MonitoringEntry
    from tests.helpers import oauth_token

    _cleanup()
    mao, _ = Organization.objects.get_or_create(
        name="BENCH ministry", kind=OrganizationKind.MAO, acronym="BENCHM"
    )
    started = time.perf_counter()
    _seed(mao.pk)
    report.row(f"seed {PPAS:,} PPAs (INSERT ... generate_series)", f"{time.perf_counter() - started:.1f} s")
    try:
        profile, secret = _partner()
        client = APIClient()
        token = oauth_token(client, "bench-partner", secret).json()["access_token"]
        auth = f"Bearer {token}"
        in_year = MonitoringEntry.objects.filter(fiscal_year=FISCAL_YEAR).count()
        report.row(f"PPAs in FY{FISCAL_YEAR}", f"{in_year:,}")
        times, queries, rows = _sync(
            client, auth, f"/api/v1/external/ppas/?fiscal_year={FISCAL_YEAR}&page_size={PAGE}"
        )
        _report_sync(report, f"full FY{FISCAL_YEAR} sync, pages of {PAGE}", times, queries, rows)

        since = timezone.now()
        time.sleep(0.01)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE monitoring_monitoringentry "
                "SET status = 'completed', progress = 100, updated_at = now() "
                "WHERE id IN (SELECT id FROM monitoring_monitoringentry WHERE fiscal_year = %s "
                "AND title LIKE 'BENCH PPA %%' ORDER BY random() LIMIT %s)",
                [FISCAL_YEAR, CHANGES],
            )
        times, queries, rows = _sync(
            client,
            auth,
            f"/api/v1/external/ppas/?fiscal_year={FISCAL_YEAR}&page_size={PAGE}&updated_since={quote(since.isoformat())}",
        )
        _report_sync(report, f"updated_since sync after {CHANGES:,} changes", times, queries, rows)
        _webhooks(report, profile)
    finally:
        _cleanup()
