"""The outbox: a committed change sends its messages, a rolled-back one sends nothing, failures
retry with backoff, two sweepers never send one message twice, a down broker loses nothing."""

import threading
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from common import outbox as registry
from common.models import OutboxMessage, OutboxStatus
from common.services import outbox as service
from common.services.outbox import domain_event_emit, outbox_dispatch_due, outbox_enqueue
from obc_management.schedules import PERIODIC_TASKS
from tests.broker import broker_at
from tests.helpers import run_at_once
from tests.processes import free_port

TOPIC = "test.outbox"


@pytest.fixture
def handled(monkeypatch):
    """Register a recording handler for TOPIC; `handled.fail` makes it raise that many times."""
    calls, lock = [], threading.Lock()

    class Recorder(list):
        fail = 0

    calls = Recorder()

    def handler(message):
        with lock:
            if calls.fail:
                calls.fail -= 1
                raise ConnectionRefusedError("the gateway is down")
            calls.append(message.payload["n"])

    monkeypatch.setitem(registry._REGISTRY, TOPIC, registry.TopicHandler(TOPIC, handler, max_attempts=3))
    return calls


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_no_message_and_nudges_nothing(
    handled, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox_enqueue(topic=TOPIC, payload={"n": 1})
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert outbox_dispatch_due().sent == 0
    assert handled == []


@pytest.mark.django_db
def test_a_committed_write_sends_its_message_once_right_after_the_commit(
    handled, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = outbox_enqueue(topic=TOPIC, payload={"n": 1})
    assert len(callbacks) == 1  # the nudge, run eagerly in the suite
    message.refresh_from_db()
    assert (message.status, message.attempts, message.claimed_at) == (OutboxStatus.SENT, 1, None)
    assert message.sent_at is not None
    assert handled == [1]
    assert outbox_dispatch_due().sent == 0  # the sweeper finds nothing left
    assert handled == [1]


@pytest.mark.django_db
def test_the_same_idempotency_key_twice_gives_one_message():
    first = outbox_enqueue(topic=TOPIC, payload={"n": 1}, idempotency_key="k-1")
    second = outbox_enqueue(topic=TOPIC, payload={"n": 2}, idempotency_key="k-1")
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db
def test_a_message_due_later_waits_for_its_time(handled):
    later = timezone.now() + timedelta(hours=1)
    outbox_enqueue(topic=TOPIC, payload={"n": 1}, due_at=later)
    assert outbox_dispatch_due().sent == 0
    assert outbox_dispatch_due(now=later + timedelta(seconds=1)).sent == 1
    assert handled == [1]


@pytest.mark.django_db
def test_a_failing_handler_is_retried_with_growing_backoff_then_the_message_is_dead(handled):
    handled.fail = 99
    message = outbox_enqueue(topic=TOPIC, payload={"n": 1})
    waits = []
    now = timezone.now()
    for attempt in (1, 2):
        before = timezone.now()
        assert outbox_dispatch_due(now=now).failed == 1
        message.refresh_from_db()
        assert (message.status, message.attempts) == (OutboxStatus.FAILED, attempt)
        assert "ConnectionRefusedError: the gateway is down" in message.last_error
        waits.append(message.due_at - before)
        assert outbox_dispatch_due(now=now).failed == 0, "not due again before its backoff"
        now = message.due_at
    # 30 s doubling, half of it jitter: 15-30 s, then 30-60 s.
    assert timedelta(seconds=15) <= waits[0] <= timedelta(seconds=31)
    assert timedelta(seconds=30) <= waits[1] <= timedelta(seconds=61)
    assert outbox_dispatch_due(now=now).dead == 1  # max_attempts=3
    message.refresh_from_db()
    assert message.status == OutboxStatus.DEAD
    assert outbox_dispatch_due(now=now + timedelta(days=1)).as_dict() == {"sent": 0, "failed": 0, "dead": 0}


@pytest.mark.django_db
def test_a_message_that_failed_once_is_sent_on_its_next_attempt(handled):
    handled.fail = 1
    message = outbox_enqueue(topic=TOPIC, payload={"n": 7})
    assert outbox_dispatch_due().failed == 1
    message.refresh_from_db()
    assert outbox_dispatch_due(now=message.due_at).sent == 1
    assert handled == [7]


def test_backoff_doubles_and_is_capped():
    for attempts in range(1, 30):
        ceiling = min(service.BACKOFF_CAP, service.BACKOFF_BASE * 2 ** (attempts - 1))
        assert ceiling / 2 <= service.backoff_delay(attempts) <= ceiling


@pytest.mark.django_db
def test_a_topic_without_handler_is_dead_rather_than_lost_silently():
    message = outbox_enqueue(topic="nobody.listens", payload={})
    assert outbox_dispatch_due().dead == 1
    message.refresh_from_db()
    assert "No handler" in message.last_error


@pytest.mark.django_db
def test_an_interrupted_send_is_resent_unless_the_topic_sends_at_most_once(handled, monkeypatch):
    message = outbox_enqueue(topic=TOPIC, payload={"n": 1})
    # A dispatcher claimed it, then died before recording the outcome; the lease expired.
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now(), attempts=1)
    assert outbox_dispatch_due().sent == 1
    assert handled == [1]

    once = outbox_enqueue(topic="test.once", payload={"n": 2})
    monkeypatch.setitem(
        registry._REGISTRY, "test.once", registry.TopicHandler("test.once", handled.append, at_most_once=True)
    )
    OutboxMessage.objects.filter(pk=once.pk).update(claimed_at=timezone.now(), attempts=1)
    assert outbox_dispatch_due().dead == 1
    once.refresh_from_db()
    assert "interrupted" in once.last_error
    assert handled == [1]


@pytest.mark.django_db
def test_a_domain_event_carries_an_id_its_type_and_time():
    message = domain_event_emit(event_type="ppa.updated", data={"uid": "abc"})
    assert message.topic == "domain_event"
    assert set(message.payload) == {"id", "type", "occurred_at", "data"}
    assert message.payload["type"] == "ppa.updated"
    assert message.payload["data"] == {"uid": "abc"}
    assert message.idempotency_key == f"event:{message.payload['id']}"


@pytest.mark.django_db(transaction=True)
def test_two_sweepers_at_once_send_each_message_exactly_once(handled, monkeypatch):
    monkeypatch.setattr(service, "_nudge", lambda message_id: None)  # only the sweepers send
    for n in range(40):
        outbox_enqueue(topic=TOPIC, payload={"n": n})
    real_handler = registry._REGISTRY[TOPIC].handler

    def slow(message):
        threading.Event().wait(0.01)  # both sweepers are busy at the same time
        real_handler(message)

    monkeypatch.setitem(registry._REGISTRY, TOPIC, registry.TopicHandler(TOPIC, slow))
    results, errors = run_at_once(outbox_dispatch_due)
    assert errors == []
    assert sorted(handled) == list(range(40))
    assert sum(result.sent for result in results) == 40
    assert all(result.sent > 0 for result in results), "both sweepers took part"
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT, attempts=1).count() == 40


@pytest.mark.django_db
def test_a_down_broker_does_not_fail_the_write_and_the_sweeper_sends_later(
    handled, django_capture_on_commit_callbacks
):
    closed_port = free_port()  # nothing listens there
    with broker_at(f"redis://127.0.0.1:{closed_port}/0"), django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(topic=TOPIC, payload={"n": 5})
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert handled == []
    assert outbox_dispatch_due().sent == 1
    assert handled == [5]


def test_the_sweeper_runs_every_minute():
    spec = next(spec for spec in PERIODIC_TASKS if spec.task == "common.tasks.outbox_dispatch_due")
    assert spec.cron == "* * * * *"
