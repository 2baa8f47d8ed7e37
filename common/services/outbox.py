"""Writing and sending outbox messages (the model says why the outbox exists).

Write: `outbox_enqueue` inside the transaction of the change it announces; after that
transaction commits it nudges a Celery task to send the message at once. A broker that is
down is logged and swallowed: the user's action has succeeded, and the sweeper
(`common.tasks.outbox_dispatch_due`, every minute) sends the message when it runs.

Send: a dispatcher claims one due row with SELECT ... FOR UPDATE SKIP LOCKED and, in that
short transaction, records the attempt (attempts + 1, `claimed_at`, and a lease that moves
`due_at` past the handler's time limit), so no other dispatcher takes it while it is being
sent. Then it calls the topic's handler outside any transaction of ours and records the
outcome: sent; or failed with the next attempt after an exponential backoff with jitter;
or dead after the topic's `max_attempts`. A crash between the send and the record leaves
`claimed_at` set: the next claim knows the previous attempt was interrupted (see
`common.outbox` for what a topic does about it).
"""

import logging
import random
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from common import outbox as registry
from common.models import OutboxMessage, OutboxStatus
from common.models.outbox import DUE_STATUSES

logger = logging.getLogger(__name__)

DOMAIN_EVENT_TOPIC = "domain_event"
# Longer than the dispatch tasks' hard time limit: a row in hand is not taken by another.
CLAIM_LEASE = timedelta(minutes=10)
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=6)


def outbox_enqueue(
    *, topic: str, payload: dict, idempotency_key: str | None = None, due_at: datetime | None = None
) -> OutboxMessage:
    """Write a message in the caller's transaction; it is sent after that transaction commits
    (at `due_at` when given). The same `idempotency_key` twice gives the first row back."""
    with transaction.atomic():
        if idempotency_key:
            message, created = OutboxMessage.objects.get_or_create(
                idempotency_key=idempotency_key,
                defaults={"topic": topic, "payload": payload, "due_at": due_at or timezone.now()},
            )
            if not created:
                return message
        else:
            message = OutboxMessage.objects.create(
                topic=topic, payload=payload, due_at=due_at or timezone.now()
            )
    if message.due_at <= timezone.now():
        transaction.on_commit(lambda: _nudge(message.pk))
    return message


def domain_event_emit(*, event_type: str, data: dict) -> OutboxMessage:
    """Record a domain event (for partners' webhooks) in the caller's transaction."""
    event_id = str(uuid.uuid4())
    payload = {"id": event_id, "type": event_type, "occurred_at": timezone.now().isoformat(), "data": data}
    return outbox_enqueue(topic=DOMAIN_EVENT_TOPIC, payload=payload, idempotency_key=f"event:{event_id}")


def domain_events_emit(*, events: list[tuple[str, dict]]) -> int:
    """Record many domain events in one insert (a generation run that schedules hundreds of
    meetings). They are sent by the sweeper within a minute, not nudged one by one."""
    now = timezone.now()
    rows = []
    for event_type, data in events:
        event_id = str(uuid.uuid4())
        payload = {"id": event_id, "type": event_type, "occurred_at": now.isoformat(), "data": data}
        rows.append(
            OutboxMessage(
                topic=DOMAIN_EVENT_TOPIC, payload=payload, idempotency_key=f"event:{event_id}", due_at=now
            )
        )
    OutboxMessage.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _nudge(message_id: int) -> None:
    """Ask a worker to send one message now. Best effort: the sweeper is the guarantee."""
    from common.tasks import outbox_dispatch  # tasks import services: import at call time

    try:
        if outbox_dispatch.app.conf.task_always_eager:
            outbox_dispatch.apply_async(args=[message_id])
            return
        # No retries, neither connecting nor publishing: with the defaults a down broker
        # kept the user's request waiting about 6 seconds before failing anyway.
        with outbox_dispatch.app.connection_for_write(transport_options={"max_retries": 0}) as connection:
            outbox_dispatch.apply_async(args=[message_id], retry=False, connection=connection)
    except Exception as error:  # noqa: BLE001 - any broker failure: the sweeper sends it later
        logger.warning(
            "outbox nudge failed; the sweeper will send the message",
            extra={"outbox_message": message_id, "error": f"{type(error).__name__}: {error}"},
        )


# --- Sending --------------------------------------------------------------------------------


@dataclass
class DispatchResult:
    sent: int = 0
    failed: int = 0
    dead: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def backoff_delay(attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: doubling from 30 s, capped at 6 h, with jitter
    (half fixed, half random) so messages failing together do not retry together."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** max(attempts - 1, 0)))
    return ceiling / 2 + ceiling / 2 * random.random()  # noqa: S311 - jitter, not secrecy


def outbox_dispatch_due(
    *, now: datetime | None = None, limit: int = 500, budget_seconds: float = 120
) -> DispatchResult:
    """Send due messages one by one, at most `limit` and for at most `budget_seconds`
    (inside the task's time limit); what is left waits for the next run."""
    stop_at = time.monotonic() + budget_seconds
    result = DispatchResult()
    for _ in range(limit):
        if time.monotonic() > stop_at:
            break
        outcome = _dispatch_next(now=now)
        if outcome is None:
            break
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def outbox_dispatch_message(*, message_id: int) -> str | None:
    """Send one message now if it is still due and nobody else has it (the after-commit nudge)."""
    return _dispatch_next(now=None, message_id=message_id)


def _claim(*, now: datetime, message_id: int | None) -> tuple[OutboxMessage, bool] | None:
    with transaction.atomic():
        due = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
            status__in=DUE_STATUSES, due_at__lte=now
        )
        if message_id is not None:
            due = due.filter(pk=message_id)
        message = due.order_by("due_at", "id").first()
        if message is None:
            return None
        interrupted = message.claimed_at is not None
        message.attempts += 1
        message.claimed_at = now
        message.due_at = now + CLAIM_LEASE
        message.save(update_fields=["attempts", "claimed_at", "due_at"])
    return message, interrupted


def _dispatch_next(*, now: datetime | None, message_id: int | None = None) -> str | None:
    now = now or timezone.now()
    claimed = _claim(now=now, message_id=message_id)
    if claimed is None:
        return None
    message, interrupted = claimed
    topic = registry.handler_for(message.topic)
    if topic is not None and topic.at_most_once and interrupted:
        return _record(
            message,
            OutboxStatus.DEAD,
            error="An earlier attempt was interrupted while sending; not sent again so that "
            "nobody receives it twice.",
        )
    try:
        if topic is None:
            raise LookupError(f"No handler is registered for the topic {message.topic!r}.")
        topic.handler(message)
    except Exception as error:  # noqa: BLE001 - any handler failure is retried, then dead
        max_attempts = topic.max_attempts if topic else 1
        failure = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= max_attempts:
            logger.error("outbox message dead", extra={"outbox_message": str(message.uid), "error": failure})
            return _record(message, OutboxStatus.DEAD, error=failure)
        logger.warning("outbox message failed", extra={"outbox_message": str(message.uid), "error": failure})
        retry_at = timezone.now() + backoff_delay(message.attempts)
        return _record(message, OutboxStatus.FAILED, error=failure, due_at=retry_at)
    return _record(message, OutboxStatus.SENT)


def _record(message: OutboxMessage, status: str, *, error: str = "", due_at: datetime | None = None) -> str:
    fields = {"status": status, "claimed_at": None, "last_error": error}
    if status == OutboxStatus.SENT:
        fields["sent_at"] = timezone.now()
    if due_at is not None:
        fields["due_at"] = due_at
    OutboxMessage.objects.filter(pk=message.pk).update(**fields)
    for name, value in fields.items():
        setattr(message, name, value)
    return status
