"""Standard Webhooks: registration and management through the API, signatures the reference
library verifies, retries on schedule with a fake clock, disabling, replay."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from common.models import Notification, OutboxMessage, Role
from common.services.outbox import outbox_dispatch_due
from common.tests.factories import UserFactory
from external_api.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from external_api.services.webhooks import (
    domain_event_fanout,
    retry_delay,
    webhook_delivery_attempt,
)
from external_api.signing import sign
from external_api.tests.sink import start_sink
from tests.helpers import assert_error_shape

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _deliver_on_commit(monkeypatch):
    """The test's transaction never commits: run on-commit work (queueing deliveries, which
    run eagerly) as soon as it is registered. Events' own commit semantics are tested in
    test_domain_events.py with real commits."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


HOOKS = "/api/v1/external/webhooks/"
EVENT = {"uid": "7d1c0e7e-56a4-4b59-9d63-0f7d2b7c7a11", "title": "Road", "status": "ongoing", "progress": 40}


def _register(partner, url, events=("ppa.status_changed",)):
    response = partner.post(f"{HOOKS}register/", {"url": url, "event_types": list(events)})
    assert response.status_code == 201, response.content
    return response.json()


def _hold_deliveries(monkeypatch):
    """Deliveries are made but not queued: the test makes each attempt itself."""
    monkeypatch.setattr("external_api.services.webhooks._queue_on_commit", lambda ids: None)


def _deliver(delivery, at):
    return webhook_delivery_attempt(delivery_id=delivery.pk, now=lambda: at)


def test_a_partner_registers_an_endpoint_and_sees_its_secret_once(partner, sink):
    body = _register(partner, sink.url)
    assert body["secret"].startswith("whsec_")
    endpoint_id = body["endpoint"]["id"]
    listed = partner.get(HOOKS).json()
    assert [row["id"] for row in listed] == [endpoint_id] and "secret" not in listed[0]
    assert "secret" not in partner.get(f"{HOOKS}{endpoint_id}/").json()


def test_registration_refuses_unknown_events_plain_http_and_private_hosts(partner, settings):
    assert_error_shape(
        partner.post(f"{HOOKS}register/", {"url": "https://example.org/h", "event_types": ["x.y"]}),
        400,
        "event_types",
    )
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    for url in ("http://93.184.215.14/h", "https://10.0.0.8/h", "https://127.0.0.1/h", "ftp://example.org/"):
        response = partner.post(f"{HOOKS}register/", {"url": url, "event_types": ["ppa.created"]})
        assert_error_shape(response, 400, "url")
    assert not WebhookEndpoint.objects.exists()


def test_events_outside_the_agreement_or_scopes_cannot_be_subscribed(make_partner, sink):
    partner = make_partner(scopes=["ppas:read", "webhooks:manage"])
    response = partner.post(f"{HOOKS}register/", {"url": sink.url, "event_types": ["request.submitted"]})
    assert_error_shape(response, 400, "event_types")


def test_webhook_management_needs_the_webhooks_scope(make_partner, sink):
    partner = make_partner(scopes=["ppas:read"])
    assert_error_shape(
        partner.post(f"{HOOKS}register/", {"url": sink.url, "event_types": ["ppa.created"]}), 403
    )
    assert_error_shape(partner.get(HOOKS), 403)


def test_another_clients_endpoint_answers_404(make_partner, sink):
    owner = make_partner(name="DSWD")
    other = make_partner(name="DOH")
    endpoint_id = _register(owner, sink.url)["endpoint"]["id"]
    assert other.get(f"{HOOKS}{endpoint_id}/").status_code == 404
    assert other.delete(f"{HOOKS}{endpoint_id}/").status_code == 404
    assert other.post(f"{HOOKS}{endpoint_id}/rotate/").status_code == 404


def test_update_and_delete(partner, sink):
    endpoint_id = _register(partner, sink.url)["endpoint"]["id"]
    changed = partner.patch(f"{HOOKS}{endpoint_id}/", {"event_types": ["ppa.created", "ppa.status_changed"]})
    assert changed.json()["event_types"] == ["ppa.created", "ppa.status_changed"]
    assert partner.delete(f"{HOOKS}{endpoint_id}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_the_reference_library_verifies_our_signature_and_rejects_a_tampered_body(partner, sink):
    secret = _register(partner, sink.url)["secret"]
    domain_event_fanout(event_type="ppa.status_changed", data=EVENT)
    assert len(sink.received) == 1
    received = sink.received[0]
    verified = Webhook(secret).verify(received.body, received.headers)
    assert verified["type"] == "ppa.status_changed" and verified["data"]["uid"] == EVENT["uid"]
    assert received.headers["webhook-id"].startswith("msg_")
    assert received.headers["webhook-signature"].startswith("v1,")
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(received.body.replace(b"Road", b"Rail"), received.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 44).verify(received.body, received.headers)


def test_our_signature_matches_the_specifications_example():
    # The Standard Webhooks reference test vector.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    assert sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body) == (
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_after_a_rotation_old_and_new_secrets_both_verify_for_24_hours(partner, sink):
    old_secret = _register(partner, sink.url)["secret"]
    endpoint = WebhookEndpoint.objects.get()
    rotated = partner.post(f"{HOOKS}{endpoint.uid}/rotate/").json()
    new_secret = rotated["secret"]
    assert new_secret != old_secret and rotated["endpoint"]["previous_secret_expires_at"]
    domain_event_fanout(event_type="ppa.status_changed", data=EVENT)
    received = sink.received[-1]
    Webhook(old_secret).verify(received.body, received.headers)
    Webhook(new_secret).verify(received.body, received.headers)
    endpoint.refresh_from_db()
    later = timezone.now() + dt.timedelta(hours=24, seconds=1)
    assert endpoint.signing_secrets(later) == [new_secret]


def test_test_event_reaches_the_receiver(partner, sink):
    endpoint_id = _register(partner, sink.url)["endpoint"]["id"]
    response = partner.post(f"{HOOKS}{endpoint_id}/test/")
    assert response.status_code == 202
    assert json.loads(sink.received[0].body)["type"] == "webhook.test"


def test_event_data_follows_the_agreements_classification(make_partner, sink):
    from common.models import DataClassification

    partner = make_partner(classification=DataClassification.PUBLIC)
    _register(partner, sink.url)
    domain_event_fanout(
        event_type="ppa.status_changed", data={**EVENT, "previous_status": "planning", "secret": 1}
    )
    data = json.loads(sink.received[0].body)["data"]
    assert data == {"uid": EVENT["uid"], "title": "Road", "status": "ongoing", "previous_status": "planning"}


def test_retries_follow_the_schedule_and_stop_after_success(partner, settings, monkeypatch):
    failing = start_sink(statuses=(500, 503, 502, 200))
    try:
        _register(partner, failing.url)
        _hold_deliveries(monkeypatch)  # attempts driven by the fake clock below
        domain_event_fanout(event_type="ppa.status_changed", data=EVENT)
        delivery = WebhookDelivery.objects.get()
        clock = timezone.now()
        schedule = settings.WEBHOOK_RETRY_SCHEDULE
        for attempt in range(3):
            outcome = _deliver(delivery, clock)
            assert outcome.attempted and outcome.status == DeliveryStatus.PENDING
            delivery.refresh_from_db()
            wait = (delivery.next_attempt_at - clock).total_seconds()
            assert schedule[attempt] <= wait <= schedule[attempt] * 1.1 + 0.001
            # Not due a moment before its time: the row waits.
            assert not _deliver(delivery, delivery.next_attempt_at - dt.timedelta(seconds=1)).attempted
            clock = delivery.next_attempt_at
        assert _deliver(delivery, clock).status == DeliveryStatus.SUCCEEDED
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.next_attempt_at is None
        assert [a.status_code for a in WebhookAttempt.objects.order_by("attempted_at")] == [
            500,
            503,
            502,
            200,
        ]
        assert not _deliver(delivery, clock + dt.timedelta(days=1)).attempted
        assert len(failing.received) == 4
        ids = {received.headers["webhook-id"] for received in failing.received}
        assert len(ids) == 1, "every attempt carries the same webhook-id"
    finally:
        failing.close()


def test_the_schedule_spans_about_three_days():
    total = sum(retry_delay(n).total_seconds() for n in range(1, 12))
    assert 2.5 * 86400 < total < 3.5 * 86400
    assert retry_delay(12) is None


def test_after_the_last_retry_the_delivery_fails_and_the_endpoint_is_disabled_and_owner_told(
    partner, settings, monkeypatch
):
    executive = UserFactory(role=Role.OOBC_EXECUTIVE)
    failing = start_sink(statuses=(500,))
    try:
        _register(partner, failing.url)
        _hold_deliveries(monkeypatch)
        domain_event_fanout(event_type="ppa.status_changed", data=EVENT)
        delivery = WebhookDelivery.objects.get()
        clock = timezone.now()
        for _ in range(len(settings.WEBHOOK_RETRY_SCHEDULE) + 1):
            assert _deliver(delivery, clock).attempted
            delivery.refresh_from_db()
            clock = delivery.next_attempt_at or clock
        assert delivery.status == DeliveryStatus.FAILED
        assert delivery.attempts.count() == len(settings.WEBHOOK_RETRY_SCHEDULE) + 1
        endpoint = WebhookEndpoint.objects.get()
        assert not endpoint.is_active and endpoint.disabled_reason
        outbox_dispatch_due()
        assert mail.outbox and mail.outbox[0].to == ["api@partner.example"]
        assert Notification.objects.filter(recipient=executive, category="webhooks").exists()
        assert Notification.objects.filter(recipient=partner.profile.application.user).exists()
    finally:
        failing.close()


def test_410_gone_disables_the_endpoint_at_once(partner):
    gone = start_sink(statuses=(410,))
    try:
        _register(partner, gone.url)
        domain_event_fanout(event_type="ppa.status_changed", data=EVENT)
        assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
        assert not WebhookEndpoint.objects.get().is_active
        assert OutboxMessage.objects.filter(topic="external_api.webhook_disabled_notice").count() == 1
    finally:
        gone.close()


def test_partners_list_deliveries_with_attempts_and_replay_one_or_all_since(partner, sink):
    endpoint_id = _register(partner, sink.url)["endpoint"]["id"]
    start = timezone.now()
    for _ in range(2):
        domain_event_fanout(event_type="ppa.status_changed", data=EVENT)
    listed = partner.get(f"{HOOKS}{endpoint_id}/deliveries/").json()["results"]
    assert (
        len(listed) == 2
        and listed[0]["status"] == "succeeded"
        and listed[0]["attempts"][0]["status_code"] == 200
    )
    one = listed[0]["id"]
    assert partner.post(f"{HOOKS}{endpoint_id}/deliveries/{one}/replay/").json() == {"replayed": 1}
    assert len(sink.received) == 3 and sink.received[2].headers["webhook-id"] == listed[0]["webhook_id"]
    replay_all = partner.post(f"{HOOKS}{endpoint_id}/replay/", {"since": start.isoformat()})
    assert replay_all.json() == {"replayed": 2} and len(sink.received) == 5
    assert_error_shape(partner.post(f"{HOOKS}{endpoint_id}/replay/", {"since": "soon"}), 400, "since")


def test_a_disabled_endpoint_gets_nothing_until_turned_back_on(partner, sink):
    endpoint_id = _register(partner, sink.url)["endpoint"]["id"]
    partner.patch(f"{HOOKS}{endpoint_id}/", {"is_active": False})
    domain_event_fanout(event_type="ppa.status_changed", data=EVENT)
    assert sink.received == []
    partner.patch(f"{HOOKS}{endpoint_id}/", {"is_active": True})
    domain_event_fanout(event_type="ppa.status_changed", data=EVENT)
    assert len(sink.received) == 1


def test_only_subscribed_endpoints_of_partners_with_agreements_get_an_event(make_partner, sink):
    subscribed = make_partner(name="DSWD")
    _register(subscribed, sink.url, events=["ppa.created"])
    domain_event_fanout(event_type="ppa.status_changed", data=EVENT)
    assert sink.received == []
    no_agreement = make_partner(name="DOH", classification=None)
    assert not WebhookEndpoint.objects.filter(client=no_agreement.profile).exists()


def test_a_crashed_attempt_is_retried_after_its_lease(partner, sink, monkeypatch):
    _register(partner, sink.url)
    _hold_deliveries(monkeypatch)
    domain_event_fanout(event_type="ppa.status_changed", data=EVENT)
    delivery = WebhookDelivery.objects.get()
    from external_api.services.webhooks import IN_FLIGHT_LEASE, _claim, webhook_deliveries_claim_due

    now = timezone.now()
    assert _claim(delivery.pk, now) is not None  # a worker took it, then died before recording
    assert webhook_deliveries_claim_due(now=now) == []
    assert webhook_deliveries_claim_due(now=now + IN_FLIGHT_LEASE + dt.timedelta(seconds=1)) == [delivery.pk]
    outcome = _deliver(delivery, now + IN_FLIGHT_LEASE + dt.timedelta(seconds=1))
    assert outcome.status == DeliveryStatus.SUCCEEDED


def test_the_demo_receivers_verifier_agrees_with_the_reference_library(partner, sink):
    from external_api.signing import verify

    secret = _register(partner, sink.url)["secret"]
    domain_event_fanout(event_type="ppa.status_changed", data=EVENT)
    received = sink.received[0]
    now = int(timezone.now().timestamp())
    assert verify([secret], received.headers, received.body, now=now)
    assert not verify([secret], received.headers, received.body + b" ", now=now)
    assert not verify([secret], received.headers, received.body, now=now + 3600)
