"""Each role's home lists its pending work first, from the apps' selectors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from common.models import Role
from common.tests.factories import UserFactory
from coordination.tests.factories import OrganizationFactory
from monitoring.models import MonitoringEntry
from monitoring.tests.factories import PpaFactory
from service_catalog.models import ServiceRequest
from service_catalog.tests.factories import EntryFactory, submit_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    mao = OrganizationFactory(acronym="MSSD")
    stale = PpaFactory(implementing_mao=mao)
    MonitoringEntry.objects.filter(pk=stale.pk).update(
        last_reported_on=timezone.localdate() - timedelta(days=120),
        created_at=timezone.now() - timedelta(days=200),
    )
    late = submit_request(entry=EntryFactory(mao=mao))
    ServiceRequest.objects.filter(pk=late.pk).update(sla_due_on=timezone.localdate() - timedelta(days=3))
    submit_request(entry=EntryFactory(mao=mao))
    return mao


def _pending(client, user) -> str:
    client.force_login(user)
    html = client.get("/").content.decode()
    start = html.index('data-testid="pending-work"')
    return html[start : html.index("</section>", start)]


def test_a_focal_persons_home_lists_their_stale_ppas_and_late_requests(client, seeded):
    pending = _pending(client, UserFactory(role=Role.MAO_FOCAL, organization=seeded))
    assert "1 PPA not updated for 90 days" in pending
    assert "1 request past the Citizen&#x27;s Charter time" in pending


def test_oobc_staff_home_lists_requests_to_triage_and_past_the_charter_time(client, seeded):
    pending = _pending(client, UserFactory(role=Role.OOBC_STAFF))
    assert "2 new requests to triage" in pending
    assert "1 request past the Citizen&#x27;s Charter time" in pending
    assert "PPA not updated" not in pending  # a focal person's task, not staff's


@pytest.mark.parametrize("role", [Role.OOBC_EXECUTIVE, Role.OCM_EXECUTIVE])
def test_the_executives_home_lists_stale_maos(client, seeded, role):
    pending = _pending(client, UserFactory(role=role))
    assert "1 MAO with no PPA progress reported for 90 days" in pending


def test_a_home_with_nothing_pending_says_so(client):
    assert "Nothing is waiting for you today." in _pending(client, UserFactory(role=Role.OCM_EXECUTIVE))
