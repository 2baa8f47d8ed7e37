"""Live figures after a change: a PPA write marks its fiscal year dirty (through the outbox,
topic `monitoring.PPA_CHANGED_TOPIC`), and the minutely task re-snapshots each dirty year
once its changes pause for QUIET (or after LONGEST_WAIT while they keep coming), one
snapshot at a time per year. Many changes in a burst make one snapshot."""

import logging
import zlib
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from common.models import OutboxMessage
from ocm_dashboard.models import DirtyFiscalYear
from ocm_dashboard.services.snapshots import snapshot_take

logger = logging.getLogger(__name__)
QUIET = timedelta(seconds=60)
LONGEST_WAIT = timedelta(minutes=3)  # with the minutely task: figures at most ~4-5 minutes old


def fiscal_year_mark_dirty(*, fiscal_year: int, at: datetime | None = None) -> None:
    """Upsert: the first change opens the window, every later one moves `dirtied_at`."""
    at = at or timezone.now()
    DirtyFiscalYear.objects.bulk_create(
        [DirtyFiscalYear(fiscal_year=fiscal_year, first_dirtied_at=at, dirtied_at=at)],
        update_conflicts=True,
        unique_fields=["fiscal_year"],
        update_fields=["dirtied_at"],
    )


def ppa_changed_handle(message: OutboxMessage) -> None:
    """The outbox handler of a PPA write: idempotent (marking twice is marking once)."""
    fiscal_year_mark_dirty(fiscal_year=int(message.payload["fiscal_year"]), at=message.created_at)


def _year_lock(fiscal_year: int) -> bool:
    """One re-snapshot per year at a time (a transaction-scoped advisory lock on PostgreSQL;
    the embedded SQLite default runs one process and needs none)."""
    if connection.vendor != "postgresql":
        return True
    key = zlib.crc32(f"ocm_dashboard.dirty_year.{fiscal_year}".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [key])
        return bool(cursor.fetchone()[0])


def dirty_years_snapshot(*, now: datetime | None = None) -> list[int]:
    """Re-snapshot the dirty years that are due; returns the years snapshotted."""
    now = now or timezone.now()
    due = DirtyFiscalYear.objects.filter(
        Q(dirtied_at__lte=now - QUIET) | Q(first_dirtied_at__lte=now - LONGEST_WAIT)
    ).order_by("fiscal_year")
    done = []
    for row in due:
        with transaction.atomic():
            if not _year_lock(row.fiscal_year):
                continue  # another worker is snapshotting this year right now
            seen = row.dirtied_at
            snapshot_take(fiscal_year=row.fiscal_year)
            # A change that arrived during the snapshot keeps the year dirty for the next run.
            cleared = DirtyFiscalYear.objects.filter(pk=row.pk, dirtied_at=seen).delete()[0]
            if not cleared:
                DirtyFiscalYear.objects.filter(pk=row.pk).update(first_dirtied_at=now)
        done.append(row.fiscal_year)
        logger.info("Re-snapshotted FY%s after PPA changes", row.fiscal_year)
    return done
