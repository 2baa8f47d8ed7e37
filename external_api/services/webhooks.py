"""Standard Webhooks for partners: endpoints, secrets, events, deliveries and retries.

A domain event (written by the outbox in the transaction of the change) becomes one
WebhookEvent and a WebhookDelivery per subscribed endpoint whose partner may see it. Each
delivery is a row due at `next_attempt_at`: the first attempt is queued when the rows
commit; a failure sets the next due time from WEBHOOK_RETRY_SCHEDULE and the periodic
sweeper (or, for a retry due within a minute, a short countdown) sends it again. No long
Celery countdowns: a worker restart loses nothing, the row is still due.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.models import DataClassification, Role, User
from common.services.notifications import Channel, Message, notification_send
from common.services.outbox import outbox_enqueue
from external_api import http
from external_api.datasets import DATASETS
from external_api.models import (
    CLASSIFICATION_RANK,
    Dataset,
    DeliveryStatus,
    Direction,
    PartnerProfile,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from external_api.selectors import agreement_for
from external_api.services.access_log import access_log_record
from external_api.signing import secret_new, webhook_headers

DISABLED_NOTICE_TOPIC = "external_api.webhook_disabled_notice"
DELIVER_TOPIC = "external_api.webhook_deliver"

PUBLIC = DataClassification.PUBLIC
INTERNAL = DataClassification.INTERNAL

# Event type -> (dataset, {data key: classification}). Keys not listed never leave.
EVENT_TYPES: dict[str, tuple[str, dict[str, str]]] = {
    "ppa.created": (Dataset.PPAS, {}),
    "ppa.status_changed": (Dataset.PPAS, {"previous_status": PUBLIC}),
    "request.submitted": (
        Dataset.SERVICES,
        {
            "uid": PUBLIC,
            "service": PUBLIC,
            "status": PUBLIC,
            "submitted_at": PUBLIC,
            "municipality_psgc": PUBLIC,
        },
    ),
    "request.approved": (
        Dataset.SERVICES,
        {
            "uid": PUBLIC,
            "service": PUBLIC,
            "status": PUBLIC,
            "approved_at": PUBLIC,
            "municipality_psgc": PUBLIC,
        },
    ),
    "meeting.scheduled": (
        Dataset.MEETINGS,
        {
            "uid": INTERNAL,
            "title": INTERNAL,
            "type": INTERNAL,
            "fiscal_year": INTERNAL,
            "quarter": INTERNAL,
            "planned_start": INTERNAL,
            "planned_end": INTERNAL,
            "organizations": INTERNAL,
        },
    ),
    "report.generated": (
        Dataset.REPORTS,
        {
            "uid": INTERNAL,
            "title": INTERNAL,
            "template": INTERNAL,
            "period": INTERNAL,
            "generated_at": INTERNAL,
        },
    ),
}
TEST_EVENT = "webhook.test"
DATASET_SCOPES = {
    Dataset.PPAS: "ppas:read",
    Dataset.COMMUNITIES: "communities:read",
    Dataset.ORGANIZATIONS: "organizations:read",
    Dataset.SERVICES: "catalog:read",
    Dataset.MEETINGS: "meetings:read",
    Dataset.REPORTS: "reports:read",
}
MAX_ENDPOINTS_PER_CLIENT = 10
ROTATION_OVERLAP = dt.timedelta(hours=24)
# While an attempt is in flight its row is not due (a crashed worker's attempt is retried after this).
IN_FLIGHT_LEASE = dt.timedelta(seconds=90)
# A row the sweeper queued is not queued again for this long (a backed-up queue is not flooded).
QUEUED_LEASE = dt.timedelta(minutes=5)


def _field_classes(event_type: str) -> dict[str, str]:
    dataset, extra = EVENT_TYPES[event_type]
    spec = DATASETS.get(dataset)
    fields = {field.name: field.classification for field in spec.fields} if spec else {}
    return {**fields, **extra}


def event_data_for(event_type: str, data: dict, classification: str) -> dict:
    """The event's data as an agreement at `classification` may see it."""
    if event_type == TEST_EVENT:
        return data
    rank = CLASSIFICATION_RANK[DataClassification(classification)]
    classes = _field_classes(event_type)
    return {
        key: value
        for key, value in data.items()
        if key in classes and CLASSIFICATION_RANK[DataClassification(classes[key])] <= rank
    }


# --- Endpoints -----------------------------------------------------------------------------


def _check_url(url: str) -> str:
    try:
        http.check_url(url)
    except http.Refused as exc:
        raise ApplicationError(str(exc), field="url") from exc
    return url


def _check_event_types(client: PartnerProfile, event_types: Iterable[str]) -> list[str]:
    chosen = sorted(set(event_types))
    if not chosen:
        raise ApplicationError(_("Subscribe to at least one event type."), field="event_types")
    unknown = [name for name in chosen if name not in EVENT_TYPES]
    if unknown:
        raise ApplicationError(
            _("Unknown event type(s): %(names)s. Known: %(names2)s.")
            % {"names": ", ".join(unknown), "names2": ", ".join(EVENT_TYPES)},
            field="event_types",
        )
    for name in chosen:
        dataset = EVENT_TYPES[name][0]
        if DATASET_SCOPES[dataset] not in client.scope_list:
            raise ApplicationError(
                _("%(name)s needs the %(value)s scope, which this client was not granted.")
                % {"name": name, "value": DATASET_SCOPES[dataset]},
                field="event_types",
            )
        if agreement_for(client.organization, dataset) is None:
            raise ApplicationError(
                _("No data sharing agreement in force covers %(dataset)s data, which %(name)s carries.")
                % {"dataset": dataset, "name": name},
                field="event_types",
            )
    return chosen


@transaction.atomic
def webhook_endpoint_register(
    *, client: PartnerProfile, url: str, event_types: Iterable[str], description: str = ""
) -> tuple[WebhookEndpoint, str]:
    """Returns the endpoint and its signing secret, which the partner sees this once."""
    if WebhookEndpoint.objects.filter(client=client).count() >= MAX_ENDPOINTS_PER_CLIENT:
        raise ApplicationError(
            _("A client may register at most %(MAX_ENDPOINTS_PER_CLIENT)s endpoints.")
            % {"MAX_ENDPOINTS_PER_CLIENT": MAX_ENDPOINTS_PER_CLIENT},
            field="url",
        )
    chosen = _check_event_types(client, event_types)
    secret = secret_new()
    endpoint = WebhookEndpoint.objects.create(
        client=client, url=_check_url(url), event_types=chosen, description=description[:200], secret=secret
    )
    return endpoint, secret


@transaction.atomic
def webhook_endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    event_types: Iterable[str] | None = None,
    description: str | None = None,
    is_active: bool | None = None,
    turned_off_by: str = "",
) -> WebhookEndpoint:
    """Change an endpoint; turning a disabled endpoint back on clears its failure record.
    `turned_off_by` names who turned it off when it is not its owner (OOBC, from its page)."""
    changed = []
    if url is not None:
        endpoint.url = _check_url(url)
        changed.append("url")
    if event_types is not None:
        endpoint.event_types = _check_event_types(endpoint.client, event_types)
        changed.append("event_types")
    if description is not None:
        endpoint.description = description[:200]
        changed.append("description")
    if is_active is not None and is_active != endpoint.is_active:
        endpoint.is_active = is_active
        endpoint.failing_since = None
        endpoint.disabled_at = None if is_active else timezone.now()
        endpoint.disabled_reason = "" if is_active else (turned_off_by or "Turned off by its owner.")
        changed += ["is_active", "failing_since", "disabled_at", "disabled_reason"]
    endpoint.save(update_fields=[*changed, "updated_at"])
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


@transaction.atomic
def webhook_secret_rotate(*, endpoint: WebhookEndpoint, now: dt.datetime | None = None) -> str:
    """A new secret, shown once. The old one keeps signing for 24 hours alongside it, so the
    receiver can switch without missing a verified event."""
    now = now or timezone.now()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = now + ROTATION_OVERLAP
    endpoint.secret = secret_new()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"])
    return endpoint.secret


# --- Events and deliveries -------------------------------------------------------------------


def _body(event: WebhookEvent, data: dict) -> str:
    return json.dumps(
        {"type": event.event_type, "timestamp": event.occurred_at.isoformat(), "data": data},
        separators=(",", ":"),
        sort_keys=True,
        default=str,
    )


def _queue_on_commit(delivery_ids: list[int]) -> None:
    """Queue the deliveries through the outbox, in the caller's transaction: the write
    succeeds with the broker down, and the outbox sweeper queues them once it is back
    (`deliver_due_webhooks` still picks up any due delivery the queue lost)."""
    if delivery_ids:
        outbox_enqueue(topic=DELIVER_TOPIC, payload={"delivery_ids": delivery_ids})


def webhook_deliveries_queue(message) -> None:
    """The outbox handler of DELIVER_TOPIC: one attempt task per delivery. A repeat is
    harmless: an attempt at a delivery that is not due is a no-op."""
    from external_api.tasks import deliver_webhook  # tasks import services: import at call time

    for delivery_id in message.payload["delivery_ids"]:
        deliver_webhook.delay(delivery_id)


@transaction.atomic
def domain_event_fanout(
    *, event_type: str, data: dict, occurred_at: dt.datetime | None = None, source_key: str | None = None
) -> WebhookEvent | None:
    """Make the event and a delivery for each active endpoint subscribed to it whose client
    may see its dataset (scope and agreement in force). Idempotent per `source_key`."""
    if event_type not in EVENT_TYPES:
        return None
    if source_key and WebhookEvent.objects.filter(source_key=source_key).exists():
        return None
    dataset = EVENT_TYPES[event_type][0]
    event = WebhookEvent.objects.create(
        event_type=event_type,
        dataset=dataset,
        occurred_at=occurred_at or timezone.now(),
        data=data,
        source_key=source_key,
    )
    now = timezone.now()
    deliveries = []
    endpoints = WebhookEndpoint.objects.filter(is_active=True, client__is_active=True).select_related(
        "client__organization", "client__application"
    )
    agreements: dict[int | None, object] = {}
    for endpoint in endpoints:
        if (
            event_type not in endpoint.event_types
            or DATASET_SCOPES[dataset] not in endpoint.client.scope_list
        ):
            continue
        organization_id = endpoint.client.organization_id
        if organization_id not in agreements:
            agreements[organization_id] = agreement_for(endpoint.client.organization, dataset)
        agreement = agreements[organization_id]
        if agreement is None:
            continue
        deliveries.append(
            WebhookDelivery(
                endpoint=endpoint,
                event=event,
                payload=_body(event, event_data_for(event_type, data, agreement.max_classification)),
                next_attempt_at=now,
            )
        )
    created = WebhookDelivery.objects.bulk_create(deliveries)
    _queue_on_commit([delivery.pk for delivery in created])
    return event


@transaction.atomic
def webhook_test_send(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A `webhook.test` event to this endpoint only, so a partner can check its receiver."""
    event = WebhookEvent.objects.create(
        event_type=TEST_EVENT,
        dataset=Dataset.PPAS,
        occurred_at=timezone.now(),
        data={"message": "Test event from OBCMS", "endpoint": str(endpoint.uid)},
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event=event, payload=_body(event, event.data), next_attempt_at=timezone.now()
    )
    _queue_on_commit([delivery.pk])
    return delivery


@transaction.atomic
def webhook_replay(
    *, endpoint: WebhookEndpoint, delivery: WebhookDelivery | None = None, since: dt.datetime | None = None
) -> int:
    """Send one delivery again, or every delivery of the endpoint made since a time. The
    event keeps its webhook-id, so a receiver that already has it can tell."""
    if not endpoint.is_active:
        raise ApplicationError(_("Turn the endpoint back on before replaying."), field="endpoint")
    rows = WebhookDelivery.objects.filter(endpoint=endpoint)
    if delivery is not None:
        rows = rows.filter(pk=delivery.pk)
    elif since is not None:
        rows = rows.filter(created_at__gte=since)
    else:
        raise ApplicationError(_("Name a delivery, or a time to replay from."), field="since")
    ids = list(rows.values_list("pk", flat=True))
    now = timezone.now()
    WebhookDelivery.objects.filter(pk__in=ids).update(
        status=DeliveryStatus.PENDING, next_attempt_at=now, attempt_count=0, updated_at=now
    )
    _queue_on_commit(ids)
    return len(ids)


# --- Attempts --------------------------------------------------------------------------------


def retry_delay(attempts_made: int, *, rng: random.Random | None = None) -> dt.timedelta | None:
    """The wait after the `attempts_made`-th failed attempt, with up to 10% jitter so many
    failing deliveries do not return in lockstep; None when the schedule is spent."""
    schedule = settings.WEBHOOK_RETRY_SCHEDULE
    if attempts_made > len(schedule):
        return None
    base = schedule[attempts_made - 1]
    return dt.timedelta(seconds=base * (1 + (rng or random).random() * 0.1))


@dataclass(frozen=True)
class AttemptOutcome:
    attempted: bool
    status: str = ""
    retry_in: dt.timedelta | None = None


def _claim(delivery_id: int, now: dt.datetime) -> WebhookDelivery | None:
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint__client__application", "event")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if delivery is None:
            return None
        if not delivery.endpoint.is_active:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
            delivery.last_error = "The endpoint is disabled."
            delivery.save(update_fields=["status", "next_attempt_at", "last_error", "updated_at"])
            return None
        delivery.next_attempt_at = now + IN_FLIGHT_LEASE
        delivery.save(update_fields=["next_attempt_at", "updated_at"])
        return delivery


def webhook_delivery_attempt(
    *,
    delivery_id: int,
    now: Callable[[], dt.datetime] = timezone.now,
    send: Callable[..., http.Result] = http.post,
) -> AttemptOutcome:
    """Try one due delivery once (at most one worker at a time per row). `now` is the clock,
    so tests can walk the retry schedule."""
    started_at = now()
    delivery = _claim(delivery_id, started_at)
    if delivery is None:
        return AttemptOutcome(attempted=False)
    endpoint = delivery.endpoint
    body = delivery.payload.encode()
    timestamp = int(started_at.timestamp())
    headers = webhook_headers(
        endpoint.signing_secrets(started_at), delivery.event.message_id, timestamp, body
    )
    try:
        result = send(endpoint.url, body, headers)
    except http.Refused as exc:
        result = http.Result(None, 0, f"refused: {exc}"[:300])
    return _record(delivery, result, now())


@transaction.atomic
def _record(delivery: WebhookDelivery, result: http.Result, finished_at: dt.datetime) -> AttemptOutcome:
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    WebhookAttempt.objects.create(
        delivery=delivery,
        attempted_at=finished_at - dt.timedelta(milliseconds=result.duration_ms),
        status_code=result.status_code,
        duration_ms=result.duration_ms,
        error=result.error[:300],
    )
    delivery.attempt_count += 1
    delivery.last_status_code = result.status_code
    delivery.last_error = result.error[:300]
    retry_in = None
    if result.ok:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.succeeded_at = finished_at
        delivery.next_attempt_at = None
        if endpoint.failing_since is not None:
            endpoint.failing_since = None
            endpoint.save(update_fields=["failing_since", "updated_at"])
    else:
        endpoint.failing_since = endpoint.failing_since or finished_at
        endpoint.save(update_fields=["failing_since", "updated_at"])
        retry_in = None if result.status_code == 410 else retry_delay(delivery.attempt_count)
        if retry_in is None:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
            reason = (
                "The receiver answered 410 Gone."
                if result.status_code == 410
                else f"Every attempt failed since {endpoint.failing_since:%Y-%m-%d %H:%M} UTC."
            )
            _disable(endpoint, reason, finished_at)
        else:
            delivery.next_attempt_at = finished_at + retry_in
    delivery.save(
        update_fields=[
            "attempt_count",
            "last_status_code",
            "last_error",
            "status",
            "succeeded_at",
            "next_attempt_at",
            "updated_at",
        ]
    )
    access_log_record(
        client=endpoint.client,
        method="POST",
        endpoint=f"webhook {delivery.event.event_type}",
        path=endpoint.url,
        status_code=result.status_code,
        direction=Direction.PUSH,
        record_ids=[delivery.event.message_id],
    )
    return AttemptOutcome(attempted=True, status=delivery.status, retry_in=retry_in)


def _disable(endpoint: WebhookEndpoint, reason: str, at: dt.datetime) -> None:
    """Stop sending to an endpoint that keeps failing (or said 410), fail what was waiting
    for it, and tell its owner and OOBC's executives."""
    if not endpoint.is_active:
        return
    endpoint.is_active = False
    endpoint.disabled_at = at
    endpoint.disabled_reason = reason[:300]
    endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED,
        next_attempt_at=None,
        last_error="The endpoint was disabled.",
        updated_at=at,
    )
    # Told through the outbox: the notice commits with the disabling, and is sent once.
    outbox_enqueue(
        topic=DISABLED_NOTICE_TOPIC,
        payload={"endpoint": str(endpoint.uid), "reason": reason[:300]},
        idempotency_key=f"webhook-disabled:{endpoint.uid}:{at.isoformat()}",
    )


def webhook_disabled_notice_send(message) -> None:
    """Outbox handler: tell the endpoint's owner (email to the client's contact, in-app to
    the partner account) and every active OOBC executive (in-app)."""
    endpoint = (
        WebhookEndpoint.objects.select_related("client__application__user")
        .filter(uid=message.payload["endpoint"])
        .first()
    )
    if endpoint is None:
        return
    client = endpoint.client
    notice = Message(
        subject=f"OBCMS webhook endpoint disabled: {endpoint.url}"[:200],
        body=(
            f"Deliveries to {endpoint.url} ({client.organization_name}) were stopped. "
            f"{message.payload['reason']} Fix the receiver, turn the endpoint back on and replay "
            "the missed deliveries (POST /api/v1/external/webhooks/<id>/replay/)."
        ),
        url="/partners/",
        category="webhooks",
    )
    notification_send(channel=Channel.EMAIL, message=notice, email=client.contact_email)
    owner = client.application.user
    if owner is not None:
        notification_send(channel=Channel.IN_APP, message=notice, user=owner)
    for user in User.objects.filter(role=Role.OOBC_EXECUTIVE, is_active=True).order_by("pk"):
        notification_send(channel=Channel.IN_APP, message=notice, user=user)


def domain_event_handle(message) -> None:
    """Outbox handler of the `domain_event` topic: fan the event out into deliveries.
    Idempotent: the outbox message's event id is the source key."""
    payload = message.payload
    occurred_at = parse_datetime(payload.get("occurred_at") or "") or timezone.now()
    domain_event_fanout(
        event_type=payload["type"],
        data=payload.get("data") or {},
        occurred_at=occurred_at,
        source_key=payload["id"],
    )


def webhook_deliveries_claim_due(*, now: dt.datetime | None = None, limit: int = 1000) -> list[int]:
    """Due deliveries for the sweeper to queue, each marked queued for a few minutes so the
    next sweep does not queue it again while it waits for a worker."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .filter(Q(queued_until__isnull=True) | Q(queued_until__lte=now))
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )
        # Still due for the delivery task (next_attempt_at unchanged); only hidden from sweeps.
        WebhookDelivery.objects.filter(pk__in=ids).update(queued_until=now + QUEUED_LEASE)
    return ids
