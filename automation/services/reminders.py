"""Meeting reminders: planned as rows with due times, sent by a periodic task, each at most once.

Planning: every participant gets one reminder per offset of the series (7 days, 1 day, 1 hour
by default) on each channel they can be reached on (email; in-app when they have an account;
SMS only when the series turns it on). Offsets already past when a meeting is planned or
moved collapse into one reminder, the nearest to the meeting, sent at the next run, so nobody
gets three reminders at once. Rescheduling moves pending rows and keeps sent ones;
cancelling cancels pending rows.

Sending: `reminders_send_due` takes one due row at a time with SELECT ... FOR UPDATE SKIP
LOCKED, so two senders running at the same time never take the same row. Exactly once where
people notice: an in-app reminder is written in the transaction that marks it sent; for email
and SMS the delivery key (`reminder:<uid>:<channel>`) is recorded and committed *before* the
send, with a lease that keeps other senders away, and the outcome after it. A row found with
its key recorded but no outcome was interrupted mid-send (a crash): it is not sent again,
so nobody gets it twice. A failure is retried with growing backoff up to MAX_ATTEMPTS; an
address that does not exist fails at once.
"""

import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from automation.models import MeetingReminder, ReminderChannel, ReminderKind, ReminderStatus
from automation.schedule import MANILA
from automation.services._shared import RUNNERS_ONLY
from common.errors import ApplicationError
from common.models import OutboxMessage
from common.permissions import Action, Area, ensure_can
from common.services.notifications import Channel, Message, NotDeliverable, notification_send
from common.services.outbox import outbox_enqueue
from coordination.models import EngagementParticipant, EngagementStatus, Rsvp, StakeholderEngagement

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
SEND_DUE_TOPIC = "automation.send_due_reminders"
MANUAL_REMINDER_WINDOW = timedelta(minutes=30)
# Longer than any one send (EMAIL_TIMEOUT and the SMS gateway's): a row in hand is left alone.
SEND_LEASE = timedelta(minutes=10)
INTERRUPTED = (
    "Interrupted while sending (the sender stopped before recording the outcome); "
    "not sent again so nobody gets it twice."
)
# Wait after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final.
BACKOFF = (timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1), timedelta(hours=4))
CLOSED_MEETING_STATUSES = (EngagementStatus.CANCELLED, EngagementStatus.COMPLETED)
REMINDER_CATEGORY = "meeting.reminder"


# --- Planning ----------------------------------------------------------------------------


def participant_channels(participant: EngagementParticipant, *, sms: bool) -> list[str]:
    """The channels a participant can be reached on."""
    focal = participant.focal_person
    user = focal.user if focal and focal.user_id else None
    channels = []
    if (focal.email if focal else participant.email) or (user and user.email):
        channels.append(ReminderChannel.EMAIL)
    if user is not None and user.is_active:
        channels.append(ReminderChannel.IN_APP)
    if sms and ((focal and focal.phone) or (user and user.phone)):
        channels.append(ReminderChannel.SMS)
    return channels


@dataclass
class ReminderPlan:
    create: list[MeetingReminder] = field(default_factory=list)
    move: list[MeetingReminder] = field(default_factory=list)
    cancel: list[MeetingReminder] = field(default_factory=list)

    def add(self, other: "ReminderPlan") -> None:
        self.create += other.create
        self.move += other.move
        self.cancel += other.cancel


def reminder_plan(
    *,
    engagement: StakeholderEngagement,
    participants: Iterable[EngagementParticipant],
    offsets: Iterable[int],
    sms: bool,
    existing: Iterable[MeetingReminder],
    now: datetime,
) -> ReminderPlan:
    """What to create, move and cancel so the scheduled reminders of `engagement` match its
    current time and participants. Pure: the caller writes the plan."""
    plan = ReminderPlan()
    live = {(r.participant_id, r.channel, r.offset_minutes): r for r in existing if r.status != "cancelled"}
    start = engagement.planned_start
    if engagement.status in CLOSED_MEETING_STATUSES or start <= now:
        plan.cancel = [r for r in live.values() if r.status == ReminderStatus.PENDING]
        return plan
    wanted = set()
    pending_by_recipient = defaultdict(list)
    for participant in participants:
        if participant.rsvp == Rsvp.DECLINED:
            continue  # who declined gets no more reminders
        for channel in participant_channels(participant, sms=sms):
            for offset in set(offsets):
                key = (participant.pk, channel, offset)
                wanted.add(key)
                due = start - timedelta(minutes=offset)
                row = live.get(key)
                if row is None:
                    row = MeetingReminder(
                        engagement=engagement,
                        participant=participant,
                        channel=channel,
                        kind=ReminderKind.SCHEDULED,
                        offset_minutes=offset,
                        due_at=due,
                        next_attempt_at=due,
                    )
                    plan.create.append(row)
                elif row.status == ReminderStatus.PENDING and row.due_at != due:
                    row.due_at = row.next_attempt_at = due
                    row.attempts, row.error = 0, ""
                    plan.move.append(row)
                if row.status == ReminderStatus.PENDING:
                    pending_by_recipient[(participant.pk, channel)].append(row)
    plan.cancel = [r for key, r in live.items() if key not in wanted and r.status == ReminderStatus.PENDING]
    # Offsets already past collapse into the one nearest the meeting.
    for rows in pending_by_recipient.values():
        overdue = sorted((r for r in rows if r.due_at <= now), key=lambda r: r.offset_minutes)
        for superseded in overdue[1:]:
            if superseded in plan.create:
                plan.create.remove(superseded)
            else:
                superseded.error = "Superseded by a later reminder that is also due."
                plan.cancel.append(superseded)
    return plan


def reminder_plan_write(plan: ReminderPlan) -> int:
    """Write a plan; returns how many reminders it created."""
    MeetingReminder.objects.bulk_create(plan.create, batch_size=1000)
    if plan.move:
        MeetingReminder.objects.bulk_update(
            plan.move, ["due_at", "next_attempt_at", "attempts", "error", "updated_at"], batch_size=1000
        )
    if plan.cancel:
        for row in plan.cancel:
            row.status = ReminderStatus.CANCELLED
        MeetingReminder.objects.bulk_update(plan.cancel, ["status", "error", "updated_at"], batch_size=1000)
    return len(plan.create)


def _participants_for_reminders(engagement: StakeholderEngagement):
    return engagement.participants.select_related("focal_person__user")


@transaction.atomic
def reminders_rebuild(*, engagement: StakeholderEngagement, now: datetime | None = None) -> ReminderPlan:
    """Make the scheduled reminders of a meeting follow its time, status and participants:
    pending ones move, sent ones stay, missing ones appear, obsolete ones are cancelled."""
    series = engagement.series_link.series
    existing = list(
        MeetingReminder.objects.select_for_update()
        .filter(engagement=engagement, kind=ReminderKind.SCHEDULED)
        .exclude(status=ReminderStatus.CANCELLED)
    )
    plan = reminder_plan(
        engagement=engagement,
        participants=_participants_for_reminders(engagement),
        offsets=series.reminder_offsets,
        sms=series.sms_reminders,
        existing=existing,
        now=now or timezone.now(),
    )
    reminder_plan_write(plan)
    return plan


def reminders_cancel_pending(*, engagement: StakeholderEngagement, reason: str) -> int:
    return MeetingReminder.objects.filter(engagement=engagement, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.CANCELLED, error=reason, updated_at=timezone.now()
    )


@transaction.atomic
def meeting_reminders_send_now(*, engagement: StakeholderEngagement, acting_user) -> int:
    """Remind every participant now (on request), on every channel they can be reached on.
    The rows go through the same sender as the scheduled ones; returns how many were queued.
    A second request within MANUAL_REMINDER_WINDOW is refused (a double click sends nothing twice)."""
    ensure_can(acting_user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    # One request at a time per meeting: the second waits here, then sees the first's rows.
    StakeholderEngagement.objects.select_for_update().filter(pk=engagement.pk).first()
    if engagement.status in CLOSED_MEETING_STATUSES:
        raise ApplicationError(_("A cancelled or completed meeting sends no reminders."))
    now = timezone.now()
    if engagement.planned_start <= now:
        raise ApplicationError(_("The meeting has already started."))
    if MeetingReminder.objects.filter(
        engagement=engagement, kind=ReminderKind.MANUAL, created_at__gt=now - MANUAL_REMINDER_WINDOW
    ).exists():
        minutes = int(MANUAL_REMINDER_WINDOW.total_seconds() // 60)
        raise ApplicationError(
            _("Everyone was reminded less than %(minutes)s minutes ago.") % {"minutes": minutes}
        )
    series = engagement.series_link.series
    rows = [
        MeetingReminder(
            engagement=engagement,
            participant=participant,
            channel=channel,
            kind=ReminderKind.MANUAL,
            due_at=now,
            next_attempt_at=now,
        )
        for participant in _participants_for_reminders(engagement)
        for channel in participant_channels(participant, sms=series.sms_reminders)
    ]
    if not rows:
        raise ApplicationError(_("No participant of this meeting can be reached."))
    MeetingReminder.objects.bulk_create(rows)
    # Sent right after the commit (or by the 5-minute run if the broker is down then).
    outbox_enqueue(topic=SEND_DUE_TOPIC, payload={"engagement": str(engagement.uid)})
    return len(rows)


# --- The message ---------------------------------------------------------------------------


def meeting_path(engagement: StakeholderEngagement) -> str:
    return reverse("automation:meeting", kwargs={"uid": engagement.uid})


def when_text(engagement: StakeholderEngagement) -> str:
    start = timezone.localtime(engagement.planned_start, MANILA)
    end = timezone.localtime(engagement.planned_end, MANILA)
    return f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M}–{end:%H:%M} (Asia/Manila, UTC+8)"


def reminder_message(engagement: StakeholderEngagement, *, absolute_url: bool) -> Message:
    """What the meeting is, when (Asia/Manila), where or the link, and the agenda."""
    start = timezone.localtime(engagement.planned_start, MANILA)
    lines = [engagement.title, "", f"When: {when_text(engagement)}"]
    if engagement.venue:
        lines.append(f"Where: {engagement.venue}")
    if engagement.online_link:
        lines.append(f"Online: {engagement.online_link}")
    if engagement.agenda.strip():
        lines += ["", "Agenda:", engagement.agenda.strip()]
    lines += ["", "Please confirm your attendance (RSVP) and submit your pre-meeting report in OBCMS."]
    path = meeting_path(engagement)
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return Message(
        subject=f"Reminder: {engagement.title}, {start:%a} {start.day} {start:%b %Y} {start:%H:%M} (Manila)",
        body="\n".join(lines),
        url=f"{base}{path}" if absolute_url else path,
        category=REMINDER_CATEGORY,
    )


# --- Sending ---------------------------------------------------------------------------------


@dataclass
class SendResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0
    moved: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def reminders_send_due(
    *, now: datetime | None = None, limit: int = 1000, budget_seconds: float = 180
) -> SendResult:
    """Send the reminders due by `now`, one row at a time, at most `limit` of them and for at
    most `budget_seconds` (well inside the task's time limit, so no send is cut off between
    delivering and recording it); the rest wait for the next run."""
    now = now or timezone.now()
    stop_at = time.monotonic() + budget_seconds
    result = SendResult()
    for _attempt in range(limit):
        if time.monotonic() > stop_at:
            break
        outcome = _send_next_due(now)
        if outcome is None:
            break
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def _due_reminders():
    return MeetingReminder.objects.filter(status=ReminderStatus.PENDING).select_related(
        "engagement", "participant__focal_person__user", "engagement__series_link__series"
    )


def delivery_key(reminder: MeetingReminder) -> str:
    return f"reminder:{reminder.uid}:{reminder.channel}"


def _send_next_due(now: datetime) -> str | None:
    outcome = _claim_next_due(now)
    if not isinstance(outcome, MeetingReminder):
        return outcome
    # Email or SMS: the key is committed; send outside the transaction, then record.
    return _deliver_outside(outcome, now)


@transaction.atomic
def _claim_next_due(now: datetime) -> str | MeetingReminder | None:
    """Take the next due row. In-app reminders are delivered here, in this transaction; for
    email and SMS the delivery key is recorded and the row returned for sending."""
    reminder = (
        _due_reminders()
        .select_for_update(skip_locked=True, of=("self",))
        .filter(next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .first()
    )
    if reminder is None:
        return None
    if reminder.delivery_reference == f"sending:{delivery_key(reminder)}":
        return _close(reminder, ReminderStatus.FAILED, INTERRUPTED)
    engagement = reminder.engagement
    if engagement.status in CLOSED_MEETING_STATUSES:
        return _close(reminder, ReminderStatus.CANCELLED, "The meeting was cancelled or has ended.")
    if engagement.planned_start <= now:
        return _close(reminder, ReminderStatus.CANCELLED, "The meeting had started before the reminder went.")
    if reminder.participant.rsvp == Rsvp.DECLINED:
        return _close(reminder, ReminderStatus.CANCELLED, "The participant declined.")
    if reminder.kind == ReminderKind.SCHEDULED:
        due = engagement.planned_start - timedelta(minutes=reminder.offset_minutes)
        if due != reminder.due_at:  # the meeting moved without going through the automation
            reminder.due_at = reminder.next_attempt_at = due
            reminder.save(update_fields=["due_at", "next_attempt_at", "updated_at"])
            if due > now:
                return "moved"
    reminder.attempts += 1
    if reminder.channel == ReminderChannel.IN_APP:
        try:
            with transaction.atomic():  # a savepoint: a failed in-app write rolls back alone
                reference = _send(reminder)
        except Exception as error:  # noqa: BLE001 - recorded, retried or failed by _failed
            return _failed(reminder, error, now)
        return _sent(reminder, reference)
    reminder.delivery_reference = f"sending:{delivery_key(reminder)}"
    reminder.next_attempt_at = now + SEND_LEASE
    reminder.save(update_fields=["attempts", "delivery_reference", "next_attempt_at", "updated_at"])
    return reminder


def _deliver_outside(reminder: MeetingReminder, now: datetime) -> str:
    try:
        reference = _send(reminder)
    except Exception as error:  # noqa: BLE001 - recorded, retried or failed by _failed
        with transaction.atomic():
            return _failed(reminder, error, now)
    with transaction.atomic():
        return _sent(reminder, reference)


def _send(reminder: MeetingReminder) -> str:
    participant = reminder.participant
    focal = participant.focal_person
    user = focal.user if focal and focal.user_id else None
    channel = Channel(reminder.channel)
    return notification_send(
        channel=channel,
        message=reminder_message(reminder.engagement, absolute_url=channel is not Channel.IN_APP),
        user=user,
        email=focal.email if focal else participant.email,
        phone=focal.phone if focal else "",
    )


def _close(reminder: MeetingReminder, status: str, error: str) -> str:
    reminder.status, reminder.error = status, error
    reminder.save(update_fields=["status", "error", "updated_at"])
    return "cancelled" if status == ReminderStatus.CANCELLED else "failed"


def _failed(reminder: MeetingReminder, error: Exception, now: datetime) -> str:
    reminder.delivery_reference = ""
    if isinstance(error, NotDeliverable):
        reminder.save(update_fields=["attempts", "delivery_reference", "updated_at"])
        return _close(reminder, ReminderStatus.FAILED, str(error))
    # A gateway or SMTP error: retry later, a bounded number of times.
    logger.warning("meeting reminder failed", extra={"reminder": str(reminder.uid), "error": str(error)})
    reminder.error = f"{type(error).__name__}: {error}"[:2000]
    if reminder.attempts >= MAX_ATTEMPTS:
        reminder.status = ReminderStatus.FAILED
        outcome = "failed"
    else:
        reminder.next_attempt_at = now + BACKOFF[reminder.attempts - 1]
        outcome = "retrying"
    reminder.save(
        update_fields=["attempts", "error", "status", "next_attempt_at", "delivery_reference", "updated_at"]
    )
    return outcome


def _sent(reminder: MeetingReminder, reference: str) -> str:
    reminder.status = ReminderStatus.SENT
    reminder.sent_at = timezone.now()
    reminder.delivery_reference = reference[:200]
    reminder.error = ""
    reminder.save(
        update_fields=["status", "sent_at", "attempts", "delivery_reference", "error", "updated_at"]
    )
    return "sent"


def send_due_handle(message: OutboxMessage) -> None:
    """The outbox handler of SEND_DUE_TOPIC: the automation queue sends them at once."""
    from automation.tasks import send_due_reminders  # tasks import services: import at call time

    send_due_reminders.apply_async()
