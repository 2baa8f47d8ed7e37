"""A quarterly meeting's life: schedule, cancellation, completion, minutes, action items.

The engagement itself is written through the core services (coordination.services.engagements),
which own its validation and the minutes' approval stamp; these functions add what the
automation adds: the meeting rules (working days, no clash for a MAO), reminders that follow
the meeting, the calendar SEQUENCE, and open action items that carry over to the next quarter.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from automation.models import MeetingReminder, ReminderStatus, SeriesScope
from automation.schedule import MANILA
from automation.services._shared import RUNNERS_ONLY, meeting_event_data, sequence_sync
from automation.services.reminders import meeting_path, reminders_cancel_pending, reminders_rebuild
from common.dates import FISCAL_YEAR_OUT_OF_RANGE, holiday_name, is_fiscal_year, is_working_day
from common.errors import ApplicationError
from common.models import User
from common.permissions import Action, Area, ensure_can
from common.services.notifications import Channel, Message, notification_send
from common.services.outbox import domain_event_emit
from coordination.models import (
    OPEN_ACTION_ITEM_STATUSES,
    ActionItem,
    EngagementParticipant,
    EngagementStatus,
    MinutesStatus,
    Rsvp,
    StakeholderEngagement,
)
from coordination.services.engagements import (
    action_item_create,
    action_item_update,
    action_items_bulk_carry,
    engagement_update,
    participant_update,
)

CLOSED = (EngagementStatus.CANCELLED, EngagementStatus.COMPLETED)


def _require_open(engagement: StakeholderEngagement, doing: str) -> None:
    if engagement.status in CLOSED:
        raise ApplicationError(
            _("A %(value)s meeting cannot be %(doing)s.")
            % {"value": engagement.get_status_display().lower(), "doing": doing}
        )


def _check_day(engagement: StakeholderEngagement, start: datetime) -> None:
    """Meetings fall on working days, and a MAO never has two meetings on one day."""
    day = timezone.localtime(start, MANILA).date()
    if not is_fiscal_year(day.year):
        raise ApplicationError(str(FISCAL_YEAR_OUT_OF_RANGE), field="planned_start")
    if not is_working_day(day):
        reason = holiday_name(day) or _("a weekend")
        raise ApplicationError(
            _("%(day)s is not a working day (%(reason)s).")
            % {"day": date_format(day, "l j F Y"), "reason": reason},
            field="planned_start",
        )
    series = engagement.series_link.series
    if series.scope != SeriesScope.MAO:
        return
    day_start = datetime.combine(day, datetime.min.time(), tzinfo=MANILA)
    clash = (
        StakeholderEngagement.objects.filter(
            participating_organizations=series.mao_id,
            planned_start__gte=day_start,
            planned_start__lt=day_start + timedelta(days=1),
        )
        .exclude(status=EngagementStatus.CANCELLED)
        .exclude(pk=engagement.pk)
        .first()
    )
    if clash is not None:
        raise ApplicationError(
            _("%(label)s already has a meeting that day: %(title)s.")
            % {"label": series.mao.label, "title": clash.title},
            field="planned_start",
        )


@transaction.atomic
def meeting_reschedule(
    *,
    engagement: StakeholderEngagement,
    acting_user: User,
    planned_start: datetime,
    planned_end: datetime | None = None,
) -> StakeholderEngagement:
    """Move a meeting; its pending reminders follow, the sent ones stay as they were."""
    ensure_can(acting_user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    _require_open(engagement, "moved")
    if planned_end is None:
        planned_end = planned_start + (engagement.planned_end - engagement.planned_start)
    _check_day(engagement, planned_start)
    engagement_update(
        engagement=engagement, acting_user=acting_user, planned_start=planned_start, planned_end=planned_end
    )
    _after_change(engagement)
    reminders_rebuild(engagement=engagement)
    domain_event_emit(event_type="meeting.scheduled", data=meeting_event_data(engagement))
    return engagement


@transaction.atomic
def meeting_update(
    *, engagement: StakeholderEngagement, acting_user: User, **fields
) -> StakeholderEngagement:
    """Title, venue, online link, agenda. A changed meeting is no longer regenerated."""
    ensure_can(acting_user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    unknown = set(fields) - {"title", "venue", "online_link", "agenda"}
    if unknown:
        raise TypeError(f"meeting_update does not accept {sorted(unknown)}")
    _require_open(engagement, "changed")
    engagement_update(engagement=engagement, acting_user=acting_user, **fields)
    _after_change(engagement)
    return engagement


@transaction.atomic
def meeting_cancel(
    *, engagement: StakeholderEngagement, acting_user: User, reason: str
) -> StakeholderEngagement:
    """Cancel a meeting, saying why: the reason shows on its page and in calendars, and every
    participant with an account is told in the app. No reminder goes out for it any more.
    Cancelling twice is harmless; `meeting_reinstate` undoes it."""
    ensure_can(acting_user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    if engagement.status == EngagementStatus.CANCELLED:
        return engagement
    _require_open(engagement, "cancelled")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Say why the meeting is cancelled: participants and calendars show the reason."), field="reason"
        )
    engagement_update(
        engagement=engagement,
        acting_user=acting_user,
        status=EngagementStatus.CANCELLED,
        cancellation_reason=reason,
    )
    reminders_cancel_pending(engagement=engagement, reason="The meeting was cancelled.")
    _after_change(engagement)
    _tell_participants(
        engagement,
        subject=f"Cancelled: {engagement.title}",
        body=f"{engagement.title} on {timezone.localtime(engagement.planned_start, MANILA):%a %d %b %Y} "
        f"is cancelled. Reason: {reason}",
    )
    return engagement


@transaction.atomic
def meeting_reinstate(*, engagement: StakeholderEngagement, acting_user: User) -> StakeholderEngagement:
    """Bring a cancelled meeting back, as scheduled, with its reminders; participants are told."""
    ensure_can(acting_user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    if engagement.status != EngagementStatus.CANCELLED:
        raise ApplicationError(_("Only a cancelled meeting can be reinstated."))
    if engagement.planned_start <= timezone.now():
        raise ApplicationError(_("This meeting's time has passed: move it to a new day instead."))
    engagement_update(
        engagement=engagement,
        acting_user=acting_user,
        status=EngagementStatus.SCHEDULED,
        cancellation_reason="",
    )
    _after_change(engagement)
    reminders_rebuild(engagement=engagement)
    _tell_participants(
        engagement,
        subject=f"Back on: {engagement.title}",
        body=f"{engagement.title} on {timezone.localtime(engagement.planned_start, MANILA):%a %d %b %Y} "
        "takes place after all.",
    )
    return engagement


def _tell_participants(engagement: StakeholderEngagement, *, subject: str, body: str) -> None:
    """An in-app notice to every participant with an OBCMS account, in the same transaction."""
    users = {
        participant.focal_person.user
        for participant in engagement.participants.select_related("focal_person__user")
        if participant.focal_person_id and participant.focal_person.user_id
    }
    message = Message(subject=subject, body=body, url=meeting_path(engagement), category="meeting")
    for user in users:
        if user.is_active:
            notification_send(channel=Channel.IN_APP, message=message, user=user)


@transaction.atomic
def meeting_complete(*, engagement: StakeholderEngagement, acting_user: User) -> StakeholderEngagement:
    """Mark a meeting held. Its open action items carry over to the next quarter's meeting."""
    ensure_can(acting_user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    _require_open(engagement, "completed")
    if engagement.planned_start > timezone.now():
        raise ApplicationError(_("A meeting can be marked held once it has started."))
    engagement_update(engagement=engagement, acting_user=acting_user, status=EngagementStatus.COMPLETED)
    reminders_cancel_pending(engagement=engagement, reason="The meeting has been held.")
    _after_change(engagement)
    action_items_carry_over(engagement=engagement)
    return engagement


@transaction.atomic
def meeting_participant_answer(
    *,
    participant: EngagementParticipant,
    acting_user: User,
    rsvp: str | None = None,
    attendance: str | None = None,
) -> EngagementParticipant:
    """RSVP and attendance (the core service decides who may answer for whom). Someone who
    declines gets no more reminders; changing their mind brings them back."""
    engagement = participant.engagement
    if engagement.status == EngagementStatus.CANCELLED:
        raise ApplicationError(_("This meeting was cancelled."))
    was_declined = participant.rsvp == Rsvp.DECLINED
    participant_update(participant=participant, acting_user=acting_user, rsvp=rsvp, attendance=attendance)
    if participant.rsvp == Rsvp.DECLINED and not was_declined:
        MeetingReminder.objects.filter(participant=participant, status=ReminderStatus.PENDING).update(
            status=ReminderStatus.CANCELLED, error="The participant declined.", updated_at=timezone.now()
        )
    elif was_declined and participant.rsvp != Rsvp.DECLINED:
        reminders_rebuild(engagement=engagement)
    return participant


def _after_change(engagement: StakeholderEngagement) -> None:
    sequence_sync(engagement.series_link, engagement)


# --- Minutes: draft -> circulated -> approved ----------------------------------------------

MINUTES_TRANSITIONS = {
    # action: (statuses it starts from, status it ends in, how the refusal words it)
    "save": ((MinutesStatus.NONE, MinutesStatus.DRAFT), MinutesStatus.DRAFT, "edited"),
    "circulate": ((MinutesStatus.DRAFT,), MinutesStatus.CIRCULATED, "circulated"),
    "return": ((MinutesStatus.CIRCULATED,), MinutesStatus.DRAFT, "returned to draft"),
    "approve": ((MinutesStatus.CIRCULATED,), MinutesStatus.APPROVED, "approved"),
}


@transaction.atomic
def meeting_minutes_record(
    *, engagement: StakeholderEngagement, acting_user: User, action: str, minutes: str | None = None
) -> StakeholderEngagement:
    """Draft, circulate, return or approve the minutes (OOBC staff). Approval records who and
    when (the core service stamps it) and carries the open action items over."""
    ensure_can(acting_user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    if action not in MINUTES_TRANSITIONS:
        raise ApplicationError(_("Choose save, circulate, return or approve."), field="action")
    if engagement.status == EngagementStatus.CANCELLED:
        raise ApplicationError(_("A cancelled meeting has no minutes."))
    starts_from, ends_in, done = MINUTES_TRANSITIONS[action]
    if engagement.minutes_status not in starts_from:
        current = engagement.get_minutes_status_display().lower()
        raise ApplicationError(
            _("Minutes in the state “%(current)s” cannot be %(done)s.") % {"current": current, "done": done},
            field="action",
        )
    fields = {"minutes_status": ends_in}
    if minutes is not None:
        if action != "save":
            raise ApplicationError(_("Only a draft can be edited: save it first."), field="minutes")
        fields["minutes"] = minutes
    engagement_update(engagement=engagement, acting_user=acting_user, **fields)
    if ends_in == MinutesStatus.APPROVED:
        action_items_carry_over(engagement=engagement)
    return engagement


# --- Action items ---------------------------------------------------------------------------


@transaction.atomic
def meeting_action_item_add(
    *,
    engagement: StakeholderEngagement,
    acting_user: User,
    owner_organization,
    description: str,
    due_date=None,
) -> ActionItem:
    """An action item owned by one of the meeting's MAOs."""
    ensure_can(acting_user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    if engagement.status == EngagementStatus.CANCELLED:
        raise ApplicationError(_("A cancelled meeting has no action items."))
    invited = engagement.participating_organizations.filter(pk=owner_organization.pk).exists()
    if not invited and owner_organization.pk != engagement.organizer_id:
        raise ApplicationError(
            _("The owner must be one of the meeting's organizations."), field="owner_organization"
        )
    meeting_day = timezone.localtime(engagement.planned_start, MANILA).date()
    if due_date is not None and due_date < meeting_day:
        # An action item comes out of the meeting: it cannot fall due before it is agreed.
        raise ApplicationError(
            _("The due date cannot be before the meeting (%(meeting_day)s).")
            % {"meeting_day": date_format(meeting_day, "j F Y")},
            field="due_date",
        )
    return action_item_create(
        engagement=engagement,
        acting_user=acting_user,
        description=description,
        owner_organization=owner_organization,
        due_date=due_date,
    )


@transaction.atomic
def meeting_action_item_update(*, action_item: ActionItem, acting_user: User, **fields) -> ActionItem:
    """Change an action item. Closing it (done or dropped) closes the whole carry-over chain,
    so the item no longer shows as open in the earlier or later meetings."""
    ensure_can(acting_user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    action_item_update(action_item=action_item, acting_user=acting_user, **fields)
    if action_item.status not in OPEN_ACTION_ITEM_STATUSES:
        for linked in _chain(action_item):
            if linked.status in OPEN_ACTION_ITEM_STATUSES:
                action_item_update(action_item=linked, acting_user=acting_user, status=action_item.status)
    return action_item


def _chain(item: ActionItem) -> list[ActionItem]:
    chain, earlier = [], item.carried_over_from
    while earlier is not None:
        chain.append(earlier)
        earlier = earlier.carried_over_from
    later = list(item.carried_over_to.all())
    while later:
        chain.extend(later)
        later = list(ActionItem.objects.filter(carried_over_from__in=later))
    return chain


def action_items_carry_over(*, engagement: StakeholderEngagement) -> int:
    """Carry this meeting's open action items to the next quarter's meeting of its series."""
    from automation.selectors import next_series_meeting  # selectors import services' helpers

    target = next_series_meeting(engagement=engagement)
    return action_items_carry_pairs([(engagement, target)]) if target else 0


def action_items_carry_pairs(pairs: Iterable[tuple[StakeholderEngagement, StakeholderEngagement]]) -> int:
    """Carry open action items from each source meeting to its target, skipping closed targets."""
    return action_items_bulk_carry(
        [(source, target) for source, target in pairs if target.status not in CLOSED]
    )
