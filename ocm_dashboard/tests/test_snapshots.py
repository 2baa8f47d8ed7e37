"""Snapshots freeze the dashboard of a year and say what changed since the previous one."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from common.models import Role, Sector
from common.tests.factories import UserFactory
from coordination.tests.factories import OrganizationFactory
from ocm_dashboard.filters import DashboardFilters
from ocm_dashboard.models import OCMDashboardSnapshot, SnapshotTrigger
from ocm_dashboard.selectors.dashboard import dashboard_read
from ocm_dashboard.services.snapshots import snapshot_take
from ocm_dashboard.tests import expected
from ocm_dashboard.tests.factories_dashboard import YEAR, ppa

pytestmark = pytest.mark.django_db


def change(changes: dict, figure: str) -> dict:
    return next(item for item in changes["headline"] if item["figure"] == figure)


def test_a_snapshot_holds_the_whole_dashboard_of_the_year(world):
    snapshot = snapshot_take(fiscal_year=YEAR)
    ppas = expected.counted(world.all_ppas)
    assert snapshot.payload["totals"]["ppas"] == len(ppas)
    assert snapshot.payload["totals"]["budget_allocated"] == expected.money(
        sum(p.budget_allocated for p in ppas)
    )
    assert set(snapshot.payload["coverage"]) == {"region", "province", "municipality"}
    assert snapshot.payload["gaps"]["count"] == 3
    assert snapshot.changes == {} and snapshot.previous is None


def test_the_diff_shows_headline_changes_and_the_maos_that_changed(world):
    first = snapshot_take(fiscal_year=YEAR)
    newcomer = OrganizationFactory(acronym="NEW", name="Ministry New")
    ppa(
        newcomer, communities=[world.communities["C6"]], budget_allocated=Decimal("900000"), budget_utilized=0
    )
    grown = world.ppas["p2"]  # MB's
    grown.budget_allocated += Decimal("100000")
    grown.save(update_fields=["budget_allocated"])
    second = snapshot_take(fiscal_year=YEAR)

    assert second.previous == first
    changes = second.changes
    assert change(changes, "ppas") == {"figure": "ppas", "previous": 6, "current": 7, "delta": 1}
    assert change(changes, "budget_allocated")["delta"] == "1000000.00"
    assert change(changes, "communities_served")["delta"] == 1  # C6 is now served
    assert changes["headline_changed"] is True
    by_mao = {item["mao"]: item for item in changes["maos"]}
    assert set(by_mao) == {"NEW", "MB"}  # MA, MC and the unassigned PPA did not change
    assert by_mao["NEW"]["change"] == "added"
    budget = next(f for f in by_mao["MB"]["figures"] if f["figure"] == "budget_allocated")
    assert (budget["previous"], budget["current"], budget["delta"]) == (
        "2750000.00",
        "2850000.00",
        "100000.00",
    )


def test_a_mao_with_no_ppas_left_shows_as_removed(world):
    snapshot_take(fiscal_year=YEAR)
    world.ppas["p4"].delete()  # MC's only counted PPA
    changes = snapshot_take(fiscal_year=YEAR).changes
    removed = next(item for item in changes["maos"] if item["mao"] == "MC")
    assert removed["change"] == "removed"


def test_nothing_changed_means_no_mao_rows(world):
    snapshot_take(fiscal_year=YEAR)
    changes = snapshot_take(fiscal_year=YEAR).changes
    assert changes["maos"] == [] and changes["headline_changed"] is False


def test_the_daily_snapshot_is_taken_once_a_day(world):
    first = snapshot_take(fiscal_year=YEAR, trigger=SnapshotTrigger.SCHEDULED)
    second = snapshot_take(fiscal_year=YEAR, trigger=SnapshotTrigger.SCHEDULED)
    assert first == second and OCMDashboardSnapshot.objects.count() == 1
    snapshot_take(fiscal_year=YEAR)  # on demand: always a new one
    assert OCMDashboardSnapshot.objects.count() == 2


@pytest.mark.parametrize("role", [Role.OOBC_STAFF, Role.OCM_EXECUTIVE])
def test_only_oobc_executives_take_snapshots_on_demand(world, role):
    with pytest.raises(PermissionDenied):
        snapshot_take(fiscal_year=YEAR, acting_user=UserFactory(role=role))
    snapshot_take(fiscal_year=YEAR, acting_user=UserFactory(role=Role.OOBC_EXECUTIVE))


def test_the_page_reads_the_latest_snapshot_for_a_whole_year_and_computes_narrower_filters(world):
    snapshot = snapshot_take(fiscal_year=YEAR)
    ppa(world.maos["MA"], communities=[world.communities["C6"]], sector=Sector.SOCIAL)
    payload, used = dashboard_read(filters=DashboardFilters(fiscal_year=YEAR))
    assert used == snapshot and payload["totals"]["ppas"] == 6
    live, none = dashboard_read(filters=DashboardFilters(fiscal_year=YEAR, sector=Sector.SOCIAL))
    assert none is None and live["totals"]["ppas"] == 3  # p3, p5 and the new one


def test_reading_a_snapshot_costs_one_query(world, django_assert_num_queries):
    snapshot_take(fiscal_year=YEAR)
    with django_assert_num_queries(1):
        dashboard_read(filters=DashboardFilters(fiscal_year=YEAR))
