"""A partner's webhook test and replay are writes: with the broker down they still succeed
(the deliveries wait in the outbox), and the receiver gets them once the sweeper runs with
the broker back."""

import json

import pytest
import redis

from common.models import OutboxMessage, OutboxStatus
from common.services.outbox import outbox_dispatch_due
from external_api.models import WebhookDelivery
from external_api.services.webhooks import DELIVER_TOPIC, webhook_delivery_attempt
from tests.broker import RedisServer, broker_at

pytestmark = pytest.mark.django_db
HOOKS = "/api/v1/external/webhooks/"


@pytest.mark.slow
def test_a_test_event_with_redis_down_succeeds_and_reaches_the_receiver_when_it_is_back(
    partner, sink, tmp_path, django_capture_on_commit_callbacks
):
    registered = partner.post(f"{HOOKS}register/", {"url": sink.url, "event_types": ["ppa.status_changed"]})
    endpoint_id = registered.json()["endpoint"]["id"]
    broker = RedisServer(tmp_path)
    broker.start()
    broker.stop()  # a real Redis, stopped: its port is closed
    with broker_at(broker.url):
        with django_capture_on_commit_callbacks(execute=True):
            response = partner.post(f"{HOOKS}{endpoint_id}/test/")
        assert response.status_code == 202
        delivery = WebhookDelivery.objects.get()
        message = OutboxMessage.objects.get(topic=DELIVER_TOPIC)
        assert message.status == OutboxStatus.PENDING and message.payload == {"delivery_ids": [delivery.pk]}
        assert sink.received == []

        broker.start()  # Redis is back
        try:
            assert outbox_dispatch_due().sent == 1
            # The handler queued one attempt on the real broker (no worker consumes it here).
            assert redis.Redis.from_url(broker.url).llen("external") == 1
        finally:
            broker.stop()
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    webhook_delivery_attempt(delivery_id=delivery.pk)  # what the worker does with the queued task
    assert [json.loads(hit.body)["type"] for hit in sink.received] == ["webhook.test"]
