"""The transactional outbox: every message, notification or task that a write causes is a
row written in the same transaction as the write, and sent after it commits.

A committed change is never left unannounced (the broker may be down, the worker may die)
and a rolled-back change announces nothing. `common.services.outbox` writes and sends the
rows; `common.outbox` holds the handler of each topic.
"""

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")  # not tried yet
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will retry")  # waiting for its next attempt at due_at
    DEAD = "dead", _("Dead, gave up")


# What the sweeper picks (when due).
DUE_STATUSES = (OutboxStatus.PENDING, OutboxStatus.FAILED)


class OutboxMessage(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    topic = models.CharField(max_length=100)
    payload = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    # Unique when set (NULLs are distinct): enqueueing the same key twice gives one row.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField(default=timezone.now)
    # Set when a dispatcher takes the message in hand and cleared when it records the outcome:
    # a message claimed again with this still set was interrupted mid-send (a crash).
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="outbox_sent_has_sent_at"
            ),
        ]
        indexes = [
            # The sweeper's query: due rows that still need sending, oldest first.
            models.Index(
                fields=["due_at", "id"],
                condition=Q(status__in=["pending", "failed"]),
                name="outbox_due_idx",
            ),
            models.Index(fields=["topic", "status"], name="outbox_topic_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.uid} ({self.status})"
