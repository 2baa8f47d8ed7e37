"""Dashboard snapshots: the whole dashboard of a fiscal year, frozen daily and on demand,
with what changed since the previous one."""

import time
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.models import User
from common.permissions import Action, Area, ensure_can, has_access
from common.services.outbox import outbox_enqueue
from ocm_dashboard.filters import DashboardFilters
from ocm_dashboard.models import OCMDashboardSnapshot, SnapshotTrigger
from ocm_dashboard.selectors.dashboard import dashboard_payload, snapshot_latest
from ocm_dashboard.selectors.served import data_version, overview_keep

# Headline figures compared between snapshots, and the per-MAO ones.
HEADLINE_FIGURES = (
    "ppas",
    "budget_allocated",
    "budget_utilized",
    "beneficiaries",
    "communities_served",
    "on_track",
)
MAO_FIGURES = ("ppas", "budget_allocated", "budget_utilized", "beneficiaries", "communities_served")
MONEY_FIGURES = {"budget_allocated", "budget_utilized"}


def _number(name: str, value):
    if value is None:
        return Decimal(0) if name in MONEY_FIGURES else 0
    return Decimal(value) if name in MONEY_FIGURES else value


def _change(name: str, before, after) -> dict:
    before, after = _number(name, before), _number(name, after)
    as_text = str if name in MONEY_FIGURES else (lambda value: value)
    return {
        "figure": name,
        "previous": as_text(before),
        "current": as_text(after),
        "delta": as_text(after - before),
    }


def _changed(change: dict) -> bool:
    return bool(_number(change["figure"], change["delta"]))


def snapshot_diff(previous: dict | None, current: dict) -> dict:
    """What changed between two payloads: every headline figure (with its delta), and the
    per-MAO figures of each MAO that appeared, disappeared or changed."""
    if previous is None:
        return {}
    headline = [
        _change(name, previous["totals"].get(name), current["totals"].get(name)) for name in HEADLINE_FIGURES
    ]
    before = {row["mao_uid"]: row for row in previous.get("by_mao", [])}
    after = {row["mao_uid"]: row for row in current.get("by_mao", [])}
    maos = []
    for uid in sorted(before.keys() | after.keys(), key=lambda key: (after.get(key) or before[key])["mao"]):
        old, new = before.get(uid, {}), after.get(uid, {})
        figures = [_change(name, old.get(name), new.get(name)) for name in MAO_FIGURES]
        if old and new and not any(_changed(figure) for figure in figures):
            continue
        maos.append(
            {
                "mao_uid": uid,
                "mao": (new or old)["mao"],
                "change": "added" if not old else "removed" if not new else "changed",
                "figures": figures,
            }
        )
    return {
        "previous_generated_at": previous.get("generated_at"),
        "headline": headline,
        "maos": maos,
        "headline_changed": any(_changed(item) for item in headline),
    }


SNAPSHOT_TOPIC = "ocm_dashboard.take_snapshot"
DETECTION_TOPIC = "ocm_dashboard.detect_overlaps"


@transaction.atomic
def snapshot_request(*, fiscal_year: int, acting_user: User) -> None:
    """Ask for an on-demand snapshot: an outbox row, so the request holds with the broker down."""
    ensure_can(acting_user, Area.DASHBOARD, Action.CHANGE)
    outbox_enqueue(topic=SNAPSHOT_TOPIC, payload={"fiscal_year": fiscal_year, "user_id": acting_user.pk})


@transaction.atomic
def overlaps_detection_request(*, fiscal_year: int, acting_user: User) -> None:
    """Ask for an overlap detection run (an outbox row, like `snapshot_request`)."""
    ensure_can(acting_user, Area.DASHBOARD, Action.CHANGE)
    outbox_enqueue(topic=DETECTION_TOPIC, payload={"fiscal_year": fiscal_year})


def snapshot_take(
    *, fiscal_year: int, trigger: str = SnapshotTrigger.ON_DEMAND, acting_user: User | None = None
) -> OCMDashboardSnapshot:
    """Freeze the dashboard of a fiscal year. The daily scheduled snapshot is taken once a
    day (a second run returns the first); on-demand ones need the dashboard CHANGE grant."""
    if acting_user is not None and not has_access(acting_user, Area.DASHBOARD, Action.CHANGE):
        raise PermissionDenied
    today = timezone.localdate()
    if trigger == SnapshotTrigger.SCHEDULED:
        existing = OCMDashboardSnapshot.objects.filter(
            fiscal_year=fiscal_year, taken_on=today, trigger=SnapshotTrigger.SCHEDULED
        ).first()
        if existing is not None:
            return existing
    started = time.perf_counter()
    filters = DashboardFilters(fiscal_year=fiscal_year)
    version = data_version(fiscal_year)  # read first: the payload is at least this new
    payload = dashboard_payload(filters=filters)
    previous = snapshot_latest(fiscal_year=fiscal_year)
    snapshot = OCMDashboardSnapshot(
        fiscal_year=fiscal_year,
        taken_at=timezone.now(),
        taken_on=today,
        trigger=trigger,
        taken_by=acting_user,
        payload=payload,
        changes=snapshot_diff(previous.payload if previous else None, payload),
        previous=previous,
        duration_ms=int((time.perf_counter() - started) * 1000),
    )
    if previous is not None:
        snapshot.changes["previous_taken_at"] = previous.taken_at.isoformat()
    try:
        with transaction.atomic():
            snapshot.save()
    except IntegrityError:
        # Another worker took today's scheduled snapshot meanwhile: theirs stands.
        return OCMDashboardSnapshot.objects.get(
            fiscal_year=fiscal_year, taken_on=today, trigger=SnapshotTrigger.SCHEDULED
        )
    # The year's overview comes with the snapshot: the API serves it from now on.
    overview_keep(filters=filters, version=version, payload=payload)
    return snapshot
