"""Celery tasks of the community portal (thin: they call one service)."""

from celery import shared_task
from django.conf import settings

from common.models import User
from common.services.notifications import Channel, Message, NotDeliverable, notification_send


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=5,
    default_retry_delay=60,
    soft_time_limit=110,
    time_limit=120,
)
def portal_notify_task(payload: dict) -> list[str]:
    """Deliver one portal message on each channel the person has. A channel without an
    address is skipped; a failing gateway retries the task."""
    user = User.objects.filter(pk=payload.get("user_id")).first() if payload.get("user_id") else None
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    path = payload.get("url", "")
    absolute = f"{site}{path}" if path.startswith("/") else path
    references = []
    for channel, address in (
        (Channel.EMAIL, {"email": payload.get("email", "")}),
        (Channel.SMS, {"phone": payload.get("phone", "")}),
    ):
        if not next(iter(address.values())):
            continue
        message = Message(
            subject=payload["subject"], body=payload["body"], url=absolute, category=payload["category"]
        )
        try:
            references.append(notification_send(channel=channel, message=message, **address))
        except NotDeliverable:
            continue
    if payload.get("in_app") and user is not None:
        message = Message(
            subject=payload["subject"], body=payload["body"], url=path, category=payload["category"]
        )
        references.append(notification_send(channel=Channel.IN_APP, message=message, user=user))
    return references


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=290, time_limit=300)
def relay_catalog_changes() -> int:
    """Tell portal requesters about their catalog requests' new history rows (in-app, the
    private reply link when information is asked for, the feedback invitation when it closes)."""
    from community_portal.services.requests import catalog_changes_relay

    return catalog_changes_relay()
