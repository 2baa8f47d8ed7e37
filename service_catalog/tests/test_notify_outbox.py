"""Telling the requester goes through the outbox: the staff member's action succeeds with the
broker down, and the requester is told once the sweeper runs with the broker back."""

import pytest
import redis
from django.core import mail
from django.urls import reverse

from common.models import OutboxMessage, OutboxStatus
from common.services.outbox import outbox_dispatch_due
from service_catalog.services.requests import NOTIFY_TOPIC
from service_catalog.tests.factories import EntryFactory, submit_request
from tests.broker import RedisServer, broker_at

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_a_status_change_with_redis_down_succeeds_and_the_requester_is_told_when_it_is_back(
    client, focal, mao, tmp_path, django_capture_on_commit_callbacks
):
    service_request = submit_request(entry=EntryFactory(mao=mao))
    client.force_login(focal)
    url = reverse("service_catalog:request_change_status", kwargs={"uid": service_request.uid})
    broker = RedisServer(tmp_path)
    broker.start()
    broker.stop()  # a real Redis, stopped: its port is closed
    with broker_at(broker.url):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"to_status": "under_review", "public_note": "Checking."})
        assert response.status_code == 302
        change = service_request.history.last()
        assert change.to_status == "under_review"
        assert change.notified_at is None and mail.outbox == []
        message = OutboxMessage.objects.get(topic=NOTIFY_TOPIC)
        assert message.status == OutboxStatus.PENDING

        broker.start()  # Redis is back
        try:
            with django_capture_on_commit_callbacks(execute=True):
                client.post(url, {"to_status": "needs_info", "public_note": "Send your ID."})
            # The second change's nudge reached the broker again (no worker consumes it here).
            assert redis.Redis.from_url(broker.url).llen("default") == 1
            outbox_dispatch_due()
            # Both notifications are sent (the request's domain event rides along in the sweep).
            assert OutboxMessage.objects.filter(topic=NOTIFY_TOPIC, status=OutboxStatus.SENT).count() == 2
        finally:
            broker.stop()
    assert sorted("Checking." in m.body for m in mail.outbox) == [False, True]
    assert sorted("Send your ID." in m.body for m in mail.outbox) == [False, True]
    change.refresh_from_db()
    assert change.notified_at is not None
    assert outbox_dispatch_due().sent == 0
    assert len(mail.outbox) == 2


def test_a_status_change_rolled_back_tells_nobody(staff, django_capture_on_commit_callbacks):
    service_request = submit_request()
    with django_capture_on_commit_callbacks(execute=True):
        response_status = _post_bad_transition(staff, service_request)
    assert response_status == 400
    assert not OutboxMessage.objects.filter(topic=NOTIFY_TOPIC).exists()
    assert mail.outbox == []


def _post_bad_transition(user, service_request) -> int:
    from django.test import Client

    client = Client()
    client.force_login(user)
    url = reverse("service_catalog:request_change_status", kwargs={"uid": service_request.uid})
    return client.post(url, {"to_status": "fulfilled"}).status_code


def test_an_smtp_failure_is_retried_by_the_outbox(staff, monkeypatch, django_capture_on_commit_callbacks):
    from smtplib import SMTPServerDisconnected

    from common.services import notifications

    calls = []

    def down(*args, **kwargs):
        calls.append(1)
        raise SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(notifications, "send_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        service_request = submit_request(notify=True)
    message = OutboxMessage.objects.get(topic=NOTIFY_TOPIC)
    assert message.status == OutboxStatus.FAILED and "SMTPServerDisconnected" in message.last_error
    assert service_request.history.get().notified_at is None
    monkeypatch.undo()
    assert outbox_dispatch_due().sent == 0  # not before its backoff
    message.refresh_from_db()
    assert outbox_dispatch_due(now=message.due_at).sent == 1
    assert len(mail.outbox) == 1 and len(calls) == 1
    assert service_request.history.get().notified_at is not None
