"""How the portal tells people things: after commit, through common's notification service
(email, SMS, in-app), never inside the transaction that made the change."""

from django.db import transaction

from common.models import User


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
    """Queue one message to a person on every channel they have: email, SMS, and in-app for
    an account (`external=False`: in-app only). Sent after the surrounding transaction commits."""
    from community_portal.tasks import portal_notify_task

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
    transaction.on_commit(lambda: portal_notify_task.delay(payload))
