"""The daily refresh: declared for 02:00 on the dashboard queue, idempotent, and run by a
real worker."""

import pytest
from django.utils import timezone

from obc_management.celery import app as celery_app
from obc_management.schedules import PERIODIC_TASKS
from ocm_dashboard.models import BeneficiaryOverlap, OCMDashboardSnapshot, SnapshotTrigger
from ocm_dashboard.tasks import daily_refresh, detect_overlaps, take_snapshot
from ocm_dashboard.tests.factories_dashboard import build_world, ppa
from tests.processes import wait_until


def test_the_daily_refresh_is_scheduled_at_two_on_the_dashboard_queue():
    spec = next(spec for spec in PERIODIC_TASKS if spec.task == "ocm_dashboard.tasks.daily_refresh")
    assert (spec.cron, spec.queue) == ("0 2 * * *", "dashboard")
    assert spec.task in celery_app.tasks
    route = celery_app.amqp.router.route({}, spec.task)
    assert route["queue"].name == "dashboard"


def _this_year_world():
    world = build_world()
    year = timezone.localdate().year
    a, b = world.maos["MA"], world.maos["MB"]
    ppa(a, communities=[world.communities["C6"]], fiscal_year=year)
    ppa(b, communities=[world.communities["C6"]], fiscal_year=year)
    return year


@pytest.mark.django_db
def test_the_daily_refresh_detects_then_snapshots_once_a_day():
    year = _this_year_world()
    first = daily_refresh()
    second = daily_refresh()
    assert first == second
    snapshot = OCMDashboardSnapshot.objects.get()
    assert (snapshot.fiscal_year, snapshot.trigger) == (year, SnapshotTrigger.SCHEDULED)
    assert BeneficiaryOverlap.objects.filter(fiscal_year=year).count() == 1
    assert snapshot.payload["overlaps"]["open"] == 1  # the snapshot counts what detection found


@pytest.mark.django_db
def test_the_on_demand_tasks_take_ids_and_can_run_twice():
    year = _this_year_world()
    assert detect_overlaps(year) == {"holding": 1, "new": 1, "resolved": 0}
    assert detect_overlaps(year) == {"holding": 1, "new": 0, "resolved": 0}
    take_snapshot(year, SnapshotTrigger.ON_DEMAND, None)
    assert OCMDashboardSnapshot.objects.filter(fiscal_year=year).count() == 1


@pytest.mark.worker
def test_a_real_worker_runs_the_daily_refresh(celery_worker):
    year = _this_year_world()
    celery_worker.send("ocm_dashboard.tasks.daily_refresh")
    wait_until(lambda: OCMDashboardSnapshot.objects.filter(fiscal_year=year).exists(), timeout=60)
    assert BeneficiaryOverlap.objects.filter(fiscal_year=year).count() == 1
    assert OCMDashboardSnapshot.objects.get().taken_on == timezone.localdate()
    assert "ocm_dashboard.tasks.daily_refresh" in celery_worker.log()
