"""In the demo, detection finds exactly the overlaps the core seed planted, and the OCM
executive opens the dashboard on a snapshot. Seeds once per module and rolls back."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from common.models import Role
from monitoring.demo import PLANTED_OVERLAPS
from monitoring.models import MonitoringEntry
from ocm_dashboard.demo import DEMO_FISCAL_YEAR, dashboard_demo_seed
from ocm_dashboard.models import BeneficiaryOverlap, OCMDashboardSnapshot, OverlapStatus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(DEBUG=True):
        output = io.StringIO()
        call_command("seed_demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(demo, db):
    return demo


def planted_keys() -> set[tuple[int, str]]:
    """Where each planted case's PPAs meet: the one community all of them serve."""
    keys = set()
    for spec in PLANTED_OVERLAPS:
        shared = None
        for acronym, title in spec.ppas:
            ppa = MonitoringEntry.objects.get(
                fiscal_year=DEMO_FISCAL_YEAR, implementing_mao__acronym=acronym, title=title
            )
            served = set(ppa.communities.values_list("id", flat=True))
            shared = served if shared is None else shared & served
        assert len(shared) == 1, spec.story
        keys.add((shared.pop(), str(spec.sector)))
    return keys


def test_detection_finds_exactly_the_planted_overlaps_of_the_demo(seeded):
    found = set(
        BeneficiaryOverlap.objects.filter(fiscal_year=DEMO_FISCAL_YEAR).values_list("community_id", "sector")
    )
    assert len(PLANTED_OVERLAPS) >= 12
    assert found == planted_keys()
    assert f"{len(found)} beneficiary overlaps detected" in seeded


def test_the_demo_seed_is_idempotent_and_keeps_reviews(seeded):
    overlap = BeneficiaryOverlap.objects.filter(fiscal_year=DEMO_FISCAL_YEAR).first()
    overlap.status, overlap.review_notes = OverlapStatus.CONFIRMED, "Checked with both MAOs."
    overlap.save(update_fields=["status", "review_notes"])
    before = (BeneficiaryOverlap.objects.count(), OCMDashboardSnapshot.objects.count())
    lines = dashboard_demo_seed()
    assert (BeneficiaryOverlap.objects.count(), OCMDashboardSnapshot.objects.count()) == before
    assert "0 new" in lines[0] and "already taken" in lines[1]
    overlap.refresh_from_db()
    assert overlap.status == OverlapStatus.CONFIRMED


def test_the_ocm_executive_opens_the_demo_dashboard_on_real_maos(seeded, client):
    from django.contrib.auth import get_user_model

    ocm = get_user_model().objects.get(username="ocm")
    assert ocm.role == Role.OCM_EXECUTIVE
    client.force_login(ocm)
    html = client.get(f"/dashboard/?fiscal_year={DEMO_FISCAL_YEAR}").content.decode()
    assert "figures as of" in html
    assert "MSSD" in html and "Region IX" in html
    assert html.count('data-overlap="') == 10  # the queue shows the first ten of the planted ones
