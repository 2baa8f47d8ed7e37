"""Write tombstones for shared records that are deleted or withdrawn (see common.models.tombstones)."""

from uuid import UUID

from django.utils import timezone

from common.models import Tombstone, TombstoneReason


def tombstone_record(*, dataset: str, uid: UUID, reason: str = TombstoneReason.DELETED) -> Tombstone:
    """Call inside the transaction that deletes or withdraws the record, so the two commit together."""
    return Tombstone.objects.create(dataset=dataset, uid=uid, reason=reason, removed_at=timezone.now())
