"""The partner access log: one row per exchange, written once, pruned only by age."""

import datetime as dt
import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from external_api.models import AccessLogEntry, DataSharingAgreement, Direction, PartnerProfile

# Pages with more records than this keep a digest of their ids instead of the list.
MAX_LISTED_IDS = 100


def _storable(text) -> str:
    """PostgreSQL text and JSON hold no NUL character; a query string may carry one."""
    return str(text).replace("\x00", "\ufffd")


def access_log_record(
    *,
    client: PartnerProfile | None,
    method: str,
    endpoint: str,
    path: str,
    status_code: int | None,
    client_ip: str | None = None,
    agreement: DataSharingAgreement | None = None,
    filters: dict | None = None,
    record_ids: Sequence[str] = (),
    direction: str = Direction.PULL,
) -> AccessLogEntry:
    ids = [str(uid) for uid in record_ids]
    listed, digest = (ids, "") if len(ids) <= MAX_LISTED_IDS else ([], _digest(ids))
    return AccessLogEntry.objects.create(
        direction=direction,
        partner_id=client.organization_id if client else None,
        partner_name=client.organization_name if client else "",
        client=client,
        oauth_client_id=client.application.client_id if client else "",
        agreement=agreement,
        method=method[:8],
        endpoint=endpoint[:120],
        path=_storable(path)[:500],
        filters={_storable(key)[:100]: _storable(value)[:500] for key, value in (filters or {}).items()},
        record_count=len(ids),
        record_ids=listed,
        records_digest=digest,
        status_code=status_code,
        client_ip=client_ip or None,
    )


def _digest(ids: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()


def records_digest(ids: Sequence[str]) -> str:
    """What a partner computes to check a logged page: SHA-256 of the ids joined by newlines."""
    return _digest([str(uid) for uid in ids])


@transaction.atomic
def access_log_prune(*, now: dt.datetime | None = None) -> int:
    """Delete rows older than ACCESS_LOG_RETENTION_DAYS: the only deletion the database
    trigger lets through (it checks the transaction-local setting made here)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('obcms.access_log_prune', 'on', true)")
    deleted, _ = AccessLogEntry.objects.filter(created_at__lt=cutoff)._prune_delete()
    return deleted
