"""A webhook delivered by a real Celery worker process to a real HTTP receiver on 127.0.0.1."""

import pytest
from standardwebhooks.webhooks import Webhook

from external_api.models import DeliveryStatus, WebhookDelivery
from external_api.services.webhooks import domain_event_fanout, webhook_endpoint_register
from tests.celery_worker import start_worker, stop_worker
from tests.processes import wait_until


@pytest.mark.slow
@pytest.mark.worker
def test_a_real_worker_delivers_a_signed_webhook(transactional_db, tmp_path, make_partner, sink, monkeypatch):
    partner = make_partner()
    endpoint, secret = webhook_endpoint_register(
        client=partner.profile, url=sink.url, event_types=["ppa.status_changed"]
    )
    # Made here, sent by the worker: nothing runs in this process.
    monkeypatch.setattr("external_api.services.webhooks._queue_on_commit", lambda ids: None)
    domain_event_fanout(
        event_type="ppa.status_changed",
        data={
            "uid": "0f6f9a52-4f1e-4f7e-9a43-0c6c7f0f3b1d",
            "status": "completed",
            "previous_status": "ongoing",
        },
    )
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    # The worker runs with the base settings, where loopback targets are off unless asked for.
    worker = start_worker(tmp_path, extra_env={"WEBHOOK_ALLOW_LOOPBACK": "true"})
    try:
        worker.send("external_api.tasks.deliver_webhook", delivery.pk)
        wait_until(
            lambda: WebhookDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SUCCEEDED, timeout=60
        )
    finally:
        stop_worker(worker)
    assert len(sink.received) == 1
    payload = Webhook(secret).verify(sink.received[0].body, sink.received[0].headers)
    assert payload["type"] == "ppa.status_changed" and payload["data"]["status"] == "completed"
    assert WebhookDelivery.objects.get(pk=delivery.pk).attempts.get().status_code == 200
