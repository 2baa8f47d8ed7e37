"""The one way OBCMS tells a person something: email, in-app, or SMS.

Callers (meeting reminders, service request status changes, ...) build a `Message` and call
`notification_send` once per channel and recipient. A failure raises, so the caller's retry
logic (a reminder row, a task retry) decides what happens next.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from common.errors import ApplicationError
from common.models import Notification, User
from common.sms import get_sms_backend


class Channel(StrEnum):
    EMAIL = "email"
    IN_APP = "in_app"
    SMS = "sms"


@dataclass(frozen=True)
class Message:
    subject: str
    body: str  # plain text
    url: str = ""  # absolute for email and SMS, a path for in-app
    category: str = ""


class NotDeliverable(ApplicationError):
    """The recipient has no address on that channel: retrying will not help."""


def notification_send(
    *, channel: Channel, message: Message, user: User | None = None, email: str = "", phone: str = ""
) -> str:
    """Deliver `message` on `channel`; returns a short delivery reference."""
    if channel is Channel.IN_APP:
        if user is None:
            raise NotDeliverable("In-app notifications need an OBCMS account.")
        notification = Notification.objects.create(
            recipient=user,
            category=message.category,
            title=message.subject[:200],
            body=message.body,
            url=message.url[:300],
        )
        return f"in_app:{notification.uid}"
    if channel is Channel.EMAIL:
        address = email or (user.email if user else "")
        if not address:
            raise NotDeliverable("No email address.")
        body = f"{message.body}\n\n{message.url}" if message.url else message.body
        send_mail(message.subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
        return f"email:{address}"
    if channel is Channel.SMS:
        number = phone or (user.phone if user else "")
        if not number:
            raise NotDeliverable("No phone number.")
        text = f"{message.subject}: {message.body}"[:320]
        return f"sms:{get_sms_backend().send(to=number, text=text)}"
    raise ValueError(f"unknown channel {channel!r}")


@transaction.atomic
def notifications_mark_read(*, user: User, uids: list | None = None) -> int:
    """Mark the user's notifications read: the listed ones, or all when `uids` is None."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if uids is not None:
        unread = unread.filter(uid__in=uids)
    return unread.update(read_at=timezone.now())
