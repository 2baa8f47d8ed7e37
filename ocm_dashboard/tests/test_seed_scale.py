"""`manage.py seed_scale`: synthetic data of the size asked, once; and the dashboard's
figures on it equal the hand-written SQL of the benchmark."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from common.models import Community, Need
from monitoring.models import MonitoringEntry
from ocm_dashboard.filters import DashboardFilters
from ocm_dashboard.models import BeneficiaryOverlap
from ocm_dashboard.selectors.dashboard import dashboard_payload
from ocm_dashboard.selectors.scope import expected_progress
from ocm_dashboard.services.overlaps import overlaps_detect

pytestmark = [
    pytest.mark.slow,  # seeds thousands of rows
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="seed_scale needs PostgreSQL"),
]
SIZE = {"ppas": 600, "communities": 120, "years": 2, "communities_per_ppa": 3, "maos": 7, "first_year": 2024}


def seed(**extra) -> str:
    output = io.StringIO()
    call_command("seed_scale", stdout=output, **{**SIZE, **extra})
    return output.getvalue()


def test_it_generates_the_size_asked_once():
    seed()
    ppas = MonitoringEntry.objects.filter(title__startswith="Scale PPA")
    assert ppas.count() == 600 and Community.objects.filter(notes="scale").count() == 120
    assert set(ppas.values_list("fiscal_year", flat=True)) == {2024, 2025}
    assert MonitoringEntry.communities.through.objects.count() == 600 * 3
    assert ppas.values("implementing_mao").distinct().count() == 7
    assert Need.objects.filter(community__notes="scale").count() == 240
    assert "already in place" in seed()
    assert MonitoringEntry.objects.count() == 600


def test_reset_replaces_the_data_with_a_new_size():
    seed()
    seed(ppas=300, reset=True)
    assert MonitoringEntry.objects.count() == 300
    assert MonitoringEntry.communities.through.objects.count() == 900


def test_sizes_must_make_sense():
    with pytest.raises(CommandError):
        seed(communities_per_ppa=500)


def test_the_dashboard_on_scale_data_equals_the_benchmarks_hand_written_sql():
    from bench.bench_dashboard import OVERLAP_SQL, OVERLAP_WRITE_SQL, SNAPSHOT_SQL, raw, stored_overlaps

    seed()
    filters = DashboardFilters(fiscal_year=2025)
    payload = dashboard_payload(filters=filters)
    params = {"fy": 2025, "expected": expected_progress(filters)}
    totals, served = (rows[0] for rows in raw(SNAPSHOT_SQL[:2], params))
    assert payload["totals"]["ppas"] == totals[0]
    assert Decimal(payload["totals"]["budget_allocated"]) == totals[1]
    assert payload["totals"]["on_track"] == totals[6]
    assert payload["totals"]["communities_served"] == served[0]
    by_mao = {str(row[0]): row for row in raw([SNAPSHOT_SQL[2]], params)[0]}
    for row in payload["by_mao"]:
        assert Decimal(row["budget_allocated"]) == by_mao[row["mao_uid"]][4]
    result = overlaps_detect(fiscal_year=2025)
    assert result.holding == sum(len(rows) for rows in raw(OVERLAP_SQL, params)) > 0
    # The benchmark's hand-written first detection stores exactly what the service stores.
    found = stored_overlaps(2025)
    BeneficiaryOverlap.objects.all().delete()
    raw(OVERLAP_WRITE_SQL, params, fetch=False)
    assert stored_overlaps(2025) == found
