"""Domain events are outbox rows written in the transaction of the change: a rolled-back
change emits nothing, a committed one exactly one event, which reaches subscribed partners."""

import pytest
from django.db import transaction

from common.models import OutboxMessage, Role
from common.services.outbox import outbox_dispatch_due
from common.tests.factories import UserFactory
from external_api.models import WebhookDelivery, WebhookEvent
from monitoring.models import PpaStatus
from monitoring.services.ppas import ppa_create, ppa_update
from monitoring.tests.factories import PpaFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _events(event_type):
    return [m for m in OutboxMessage.objects.filter(topic="domain_event") if m.payload["type"] == event_type]


def test_a_rolled_back_status_change_emits_no_event():
    ppa = PpaFactory(status=PpaStatus.ONGOING)
    executive = UserFactory(role=Role.OOBC_EXECUTIVE)
    with pytest.raises(RuntimeError), transaction.atomic():
        ppa_update(ppa=ppa, acting_user=executive, status=PpaStatus.COMPLETED)
        raise RuntimeError("something later in the request failed")
    assert _events("ppa.status_changed") == []


def test_a_committed_status_change_emits_exactly_one_event():
    ppa = PpaFactory(status=PpaStatus.ONGOING)
    executive = UserFactory(role=Role.OOBC_EXECUTIVE)
    ppa_update(ppa=ppa, acting_user=executive, status=PpaStatus.COMPLETED)
    ppa_update(ppa=ppa, acting_user=executive, title="Same status, new title")
    events = _events("ppa.status_changed")
    assert len(events) == 1
    assert events[0].payload["data"]["uid"] == str(ppa.uid)
    assert events[0].payload["data"]["previous_status"] == "ongoing"


def test_a_created_ppa_emits_ppa_created():
    executive = UserFactory(role=Role.OOBC_EXECUTIVE)
    ppa = PpaFactory.build()
    created = ppa_create(
        acting_user=executive,
        title="Halal livelihood training",
        implementing_mao=ppa.implementing_mao if ppa.implementing_mao.pk else _mao(),
        fiscal_year=2026,
        sector="economic",
    )
    assert [e.payload["data"]["uid"] for e in _events("ppa.created")] == [str(created.uid)]


def _mao():
    from coordination.tests.factories import OrganizationFactory

    return OrganizationFactory()


def test_the_event_becomes_a_signed_delivery_once_even_if_handled_twice(make_partner, sink):
    partner = make_partner()
    partner.post(
        "/api/v1/external/webhooks/register/", {"url": sink.url, "event_types": ["ppa.status_changed"]}
    )
    ppa = PpaFactory(status=PpaStatus.ONGOING)
    ppa_update(ppa=ppa, acting_user=UserFactory(role=Role.OOBC_EXECUTIVE), status=PpaStatus.ON_HOLD)
    outbox_dispatch_due()
    from external_api.services.webhooks import domain_event_handle

    domain_event_handle(_events("ppa.status_changed")[0])  # a redelivered outbox message
    assert WebhookEvent.objects.filter(event_type="ppa.status_changed").count() == 1
    assert WebhookDelivery.objects.count() == 1
    assert len(sink.received) == 1
