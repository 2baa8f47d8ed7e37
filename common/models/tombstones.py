"""Tombstones: the uid of a record that was deleted or withdrawn, and when.

Partners copy our data incrementally (`updated_since`); a deleted row leaves nothing to
send, so the service that deletes or withdraws a shared record writes a tombstone in the
same transaction, and the partner API returns it as `{"uid", "deleted": true}`.

A record raised to a higher classification (a community made confidential) is withdrawn
from every partner whose agreement no longer covers it: its tombstone keeps the
classification it was shared at (`shared_up_to`), so it reaches the partners that may have
copied it and only while the record stays beyond their agreement.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TombstoneReason(models.TextChoices):
    DELETED = "deleted", _("Deleted")
    WITHDRAWN = "withdrawn", _("Withdrawn from publication")
    RECLASSIFIED = "reclassified", _("Raised to a higher classification")


class Tombstone(models.Model):
    dataset = models.CharField(max_length=32)  # "ppas", "communities", "services", ...
    uid = models.UUIDField()
    reason = models.CharField(max_length=12, choices=TombstoneReason.choices)
    removed_at = models.DateTimeField(db_index=True)
    # For RECLASSIFIED: the classification the record had before it was raised.
    shared_up_to = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["removed_at", "uid"]
        indexes = [models.Index(fields=["dataset", "removed_at", "uid"], name="tombstone_dataset_time")]

    def __str__(self) -> str:
        return f"{self.dataset} {self.uid} {self.reason} at {self.removed_at:%Y-%m-%d %H:%M}"
