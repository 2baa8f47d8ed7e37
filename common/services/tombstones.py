"""Write tombstones for shared records that are deleted or withdrawn (see common.models.tombstones)."""

from uuid import UUID

from django.utils import timezone

from common.models import DataClassification, Tombstone, TombstoneReason


def tombstone_record(
    *, dataset: str, uid: UUID, reason: str = TombstoneReason.DELETED, shared_up_to: str = ""
) -> Tombstone:
    """Call inside the transaction that deletes or withdraws the record, so the two commit together."""
    return Tombstone.objects.create(
        dataset=dataset, uid=uid, reason=reason, removed_at=timezone.now(), shared_up_to=shared_up_to
    )


def is_raised(before: str, after: str) -> bool:
    """Is `after` a higher classification than `before` (public < internal < confidential < sensitive)?"""
    order = list(DataClassification.values)
    return order.index(after) > order.index(before)
