"""Live figures after a change: a PPA write marks its fiscal year dirty (through the
outbox); the minutely task re-snapshots it once the changes pause, once for a burst."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from common.models import Role
from common.services.outbox import outbox_dispatch_due
from common.tests.page_checks import signed_in
from monitoring.services.ppas import ppa_update
from ocm_dashboard.models import DirtyFiscalYear, OCMDashboardSnapshot
from ocm_dashboard.services.dirty_years import dirty_years_snapshot
from ocm_dashboard.services.snapshots import snapshot_take
from ocm_dashboard.tests.factories_dashboard import YEAR, build_world, ppa

pytestmark = pytest.mark.django_db(transaction=True)


def _write(entry, staff, amount: str) -> None:
    ppa_update(ppa=entry, acting_user=staff, budget_allocated=Decimal(amount), budget_utilized=Decimal("0"))
    outbox_dispatch_due()  # what the outbox sweeper does every minute


def test_a_ppa_change_shows_on_the_page_after_the_task_runs(client):
    world = build_world()
    entry = ppa(world.maos["MA"], communities=[world.communities["C1"]])
    snapshot_take(fiscal_year=YEAR)
    staff = signed_in(client, Role.OOBC_EXECUTIVE)
    _write(entry, staff, "777777777")
    assert DirtyFiscalYear.objects.filter(fiscal_year=YEAR).exists()
    url = f"/dashboard/?fiscal_year={YEAR}"
    assert "777,777,777" not in client.get(url).content.decode()  # still yesterday's snapshot
    assert dirty_years_snapshot() == []  # the changes have not paused yet
    assert dirty_years_snapshot(now=timezone.now() + timedelta(minutes=2)) == [YEAR]
    assert "figures as of" in client.get(url).content.decode()
    latest = OCMDashboardSnapshot.objects.filter(fiscal_year=YEAR).latest()
    assert Decimal(latest.payload["totals"]["budget_allocated"]) >= Decimal("777777777")
    assert not DirtyFiscalYear.objects.exists()


def test_two_changes_make_one_snapshot(client):
    world = build_world()
    entry = ppa(world.maos["MA"], communities=[world.communities["C1"]])
    snapshot_take(fiscal_year=YEAR)
    staff = signed_in(client, Role.OOBC_EXECUTIVE)
    before = OCMDashboardSnapshot.objects.count()
    _write(entry, staff, "2000000")
    _write(entry, staff, "3000000")
    later = timezone.now() + timedelta(minutes=2)
    assert dirty_years_snapshot(now=later) == [YEAR]
    assert dirty_years_snapshot(now=later) == []  # nothing left to do
    assert OCMDashboardSnapshot.objects.count() == before + 1


def test_changes_that_never_pause_still_snapshot_within_minutes():
    start = timezone.now()
    from ocm_dashboard.services.dirty_years import fiscal_year_mark_dirty

    fiscal_year_mark_dirty(fiscal_year=YEAR, at=start)
    fiscal_year_mark_dirty(fiscal_year=YEAR, at=start + timedelta(minutes=3, seconds=30))
    build_world()
    assert dirty_years_snapshot(now=start + timedelta(minutes=3, seconds=40)) == [YEAR]
