"""Celery tasks of the dashboard (queue `dashboard`): thin, idempotent, one service each."""

import logging

from celery import shared_task

from common.dates import current_fiscal_year
from common.models import OutboxMessage, User
from common.retry import TRANSIENT_ERRORS
from ocm_dashboard.filters import default_fiscal_year
from ocm_dashboard.models import SnapshotTrigger
from ocm_dashboard.services.dirty_years import dirty_years_snapshot
from ocm_dashboard.services.overlaps import overlaps_detect
from ocm_dashboard.services.snapshots import snapshot_take

logger = logging.getLogger(__name__)
RETRY = {"autoretry_for": TRANSIENT_ERRORS, "retry_backoff": True, "retry_jitter": True, "max_retries": 3}


@shared_task(name="ocm_dashboard.tasks.detect_overlaps", **RETRY)
def detect_overlaps(fiscal_year: int) -> dict:
    result = overlaps_detect(fiscal_year=fiscal_year)
    logger.info("Overlap detection FY%s: %s", fiscal_year, result)
    return {"holding": result.holding, "new": result.new, "resolved": result.resolved}


@shared_task(name="ocm_dashboard.tasks.take_snapshot", **RETRY)
def take_snapshot(
    fiscal_year: int, trigger: str = SnapshotTrigger.ON_DEMAND, user_id: int | None = None
) -> str:
    user = User.objects.filter(pk=user_id).first() if user_id else None
    return str(snapshot_take(fiscal_year=fiscal_year, trigger=trigger, acting_user=user).uid)


@shared_task(name="ocm_dashboard.tasks.daily_refresh", **RETRY)
def daily_refresh() -> list[str]:
    """02:00 every day: for the current fiscal year (and the latest one with PPAs, when the
    current one has none yet), detect overlaps, then snapshot (the snapshot counts the
    overlaps just found). Running twice on a day changes nothing."""
    snapshots = []
    for fiscal_year in sorted({current_fiscal_year(), default_fiscal_year()}):
        overlaps_detect(fiscal_year=fiscal_year)
        snapshots.append(str(snapshot_take(fiscal_year=fiscal_year, trigger=SnapshotTrigger.SCHEDULED).uid))
    return snapshots


# Outbox handlers: the dashboard's heavy work runs on its own queue, not in the sweeper.


def detect_overlaps_handle(message: OutboxMessage) -> None:
    detect_overlaps.apply_async(args=[message.payload["fiscal_year"]])


def take_snapshot_handle(message: OutboxMessage) -> None:
    payload = message.payload
    take_snapshot.apply_async(
        args=[payload["fiscal_year"], SnapshotTrigger.ON_DEMAND.value, payload.get("user_id")]
    )


@shared_task(name="ocm_dashboard.tasks.snapshot_dirty_years", acks_late=True, **RETRY)
def snapshot_dirty_years() -> list[int]:
    """Every minute: re-snapshot the fiscal years whose PPAs changed (debounced)."""
    return dirty_years_snapshot()
