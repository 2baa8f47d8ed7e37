"""How the portal tells people things: an outbox row written with the change (topic
`community_portal.notify`), delivered after commit through common's notification service on
every channel the person has (email, SMS, in-app)."""

from django.conf import settings

from common.models import OutboxMessage, User
from common.services.notifications import Channel, Message, NotDeliverable, notification_send
from common.services.outbox import outbox_enqueue

TOPIC = "community_portal.notify"


def portal_notify(
    *,
    subject: str,
    body: str,
    url: str = "",
    user: User | None = None,
    email: str = "",
    phone: str = "",
    in_app: bool = True,
    external: bool = True,
    category: str = "portal",
) -> None:
    """Queue one message to a person: email and SMS to the addresses they have, and in-app
    for an account (`external=False`: in-app only). `url` is a path inside OBCMS."""
    payload = {
        "user_id": user.pk if user else None,
        "email": (email or (user.email if user else "")) if external else "",
        "phone": (phone or (user.phone if user else "")) if external else "",
        "subject": str(subject),
        "body": str(body),
        "url": url,
        "in_app": bool(in_app and user),
        "category": category,
    }
    outbox_enqueue(topic=TOPIC, payload=payload)


def recipient_of(portal_request) -> dict:
    """Who to tell about a request: the account, or the contact given without one."""
    if portal_request.requester_id:
        return {"user": portal_request.requester}
    return {"email": portal_request.contact_email, "phone": portal_request.contact_phone}


def portal_notify_deliver(message: OutboxMessage) -> None:
    """The outbox handler: a channel without an address is skipped; a failing gateway raises,
    and the outbox retries with backoff."""
    payload = message.payload
    user = User.objects.filter(pk=payload["user_id"]).first() if payload.get("user_id") else None
    path = payload.get("url", "")
    absolute = f"{settings.SITE_URL.rstrip('/')}{path}" if path.startswith("/") else path
    for channel, address in ((Channel.EMAIL, "email"), (Channel.SMS, "phone")):
        if not payload.get(address):
            continue
        text = Message(
            subject=payload["subject"], body=payload["body"], url=absolute, category=payload["category"]
        )
        try:
            notification_send(channel=channel, message=text, **{address: payload[address]})
        except NotDeliverable:
            continue
    if payload.get("in_app") and user is not None:
        text = Message(
            subject=payload["subject"], body=payload["body"], url=path, category=payload["category"]
        )
        notification_send(channel=Channel.IN_APP, message=text, user=user)
