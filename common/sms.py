"""SMS: an interface and local backends. No real gateway is wired in; a deployment adds one
by pointing SMS_BACKEND at a class with the same `send` method."""

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsBackend(Protocol):
    def send(self, *, to: str, text: str) -> str:
        """Send `text` to the phone number `to`; return the gateway's message id. Raise on failure."""


class ConsoleSmsBackend:
    """Writes the message to the log (development and the embedded default)."""

    def send(self, *, to: str, text: str) -> str:
        logger.info("SMS to %s: %s", to, text)
        print(f"[SMS to {to}] {text}")  # noqa: T201  (the console is this backend's whole point)
        return f"console-{abs(hash((to, text)))}"


class DisabledSmsBackend:
    """Production without a gateway: every SMS is not deliverable (recorded as failed, never
    "sent" into a log where phone numbers would pile up)."""

    def send(self, *, to: str, text: str) -> str:
        from common.services.notifications import NotDeliverable

        raise NotDeliverable("No SMS gateway is configured.")


class LocmemSmsBackend:
    """Keeps messages in memory for tests: `LocmemSmsBackend.outbox`."""

    outbox: list[dict] = []

    def send(self, *, to: str, text: str) -> str:
        LocmemSmsBackend.outbox.append({"to": to, "text": text})
        return f"locmem-{len(LocmemSmsBackend.outbox)}"


def get_sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()
