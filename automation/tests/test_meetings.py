"""A meeting's life: moving it, minutes draft -> circulated -> approved, RSVP, action items."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from automation.models import MeetingReminder, SeriesMeeting
from automation.schedule import MANILA
from automation.services.meetings import (
    action_items_carry_over,
    meeting_action_item_add,
    meeting_action_item_update,
    meeting_cancel,
    meeting_complete,
    meeting_minutes_record,
    meeting_participant_answer,
    meeting_reinstate,
    meeting_reschedule,
)
from automation.services.series import generate_quarterly_meetings_for_all_maos, meeting_series_generate
from automation.tests.factories import MaoSeriesFactory, SeriesFactory, mao_with_focal
from common.errors import ApplicationError
from common.models import Notification, Role
from common.tests.factories import UserFactory
from coordination.models import ActionItem, ActionItemStatus, MinutesStatus, StakeholderEngagement
from coordination.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def plenary(staff):
    mao_with_focal(acronym="MSSD")
    mao_with_focal(acronym="MOH")
    series = SeriesFactory(fiscal_year=NEXT_YEAR)
    meeting_series_generate(series=series, acting_user=staff)
    return series


def meeting_of(series, quarter: int) -> StakeholderEngagement:
    return SeriesMeeting.objects.get(series=series, quarter=quarter).engagement


def held(meeting: StakeholderEngagement) -> StakeholderEngagement:
    """Pretend the meeting took place last week."""
    start = timezone.now() - timedelta(days=7)
    StakeholderEngagement.objects.filter(pk=meeting.pk).update(
        planned_start=start, planned_end=start + timedelta(hours=3)
    )
    meeting.refresh_from_db()
    return meeting


# --- Schedule ----------------------------------------------------------------------------------


def test_a_meeting_cannot_be_moved_to_a_holiday(plenary, staff):
    meeting = meeting_of(plenary, 2)
    independence_day = datetime.combine(date(NEXT_YEAR, 6, 12), time(9), tzinfo=MANILA)
    with pytest.raises(ApplicationError) as refused:
        meeting_reschedule(engagement=meeting, acting_user=staff, planned_start=independence_day)
    assert refused.value.field == "planned_start" and "Independence Day" in refused.value.message


def test_a_mao_meeting_cannot_be_moved_onto_another_meeting_of_that_mao(plenary, staff):
    mssd = plenary.meetings.get(quarter=1).engagement.participating_organizations.get(acronym="MSSD")
    own = MaoSeriesFactory(fiscal_year=NEXT_YEAR, mao=mssd)
    meeting_series_generate(series=own, acting_user=staff)
    plenary_start = meeting_of(plenary, 1).planned_start
    with pytest.raises(ApplicationError) as refused:
        meeting_reschedule(engagement=meeting_of(own, 1), acting_user=staff, planned_start=plenary_start)
    assert "MSSD already has a meeting that day" in refused.value.message


def test_moving_keeps_the_length_and_bumps_the_calendar_sequence(plenary, staff):
    meeting = meeting_of(plenary, 1)
    length = meeting.planned_end - meeting.planned_start
    new_start = meeting.planned_start + timedelta(days=1)
    while timezone.localtime(new_start, MANILA).weekday() > 4:
        new_start += timedelta(days=1)
    meeting_reschedule(engagement=meeting, acting_user=staff, planned_start=new_start)
    meeting.refresh_from_db()
    assert meeting.planned_end - meeting.planned_start == length
    assert SeriesMeeting.objects.get(engagement=meeting).sequence == 1


def test_a_cancelled_meeting_cannot_be_moved_and_cancelling_again_is_harmless(plenary, staff):
    meeting = meeting_of(plenary, 1)
    meeting_cancel(engagement=meeting, acting_user=staff, reason="The venue is closed.")
    meeting_cancel(engagement=meeting, acting_user=staff, reason="The venue is closed.")
    with pytest.raises(ApplicationError):
        meeting_reschedule(engagement=meeting, acting_user=staff, planned_start=meeting.planned_start)


def test_a_meeting_cannot_be_marked_held_before_it_starts(plenary, staff):
    with pytest.raises(ApplicationError):
        meeting_complete(engagement=meeting_of(plenary, 1), acting_user=staff)


@pytest.mark.parametrize("role", [Role.MAO_FOCAL, Role.OCM_EXECUTIVE])
def test_only_oobc_staff_move_or_cancel_meetings(plenary, role):
    user = UserFactory(role=role)
    meeting = meeting_of(plenary, 1)
    with pytest.raises(PermissionDenied):
        meeting_cancel(engagement=meeting, acting_user=user, reason="The venue is closed.")
    with pytest.raises(PermissionDenied):
        meeting_reschedule(engagement=meeting, acting_user=user, planned_start=meeting.planned_start)


# --- Minutes -------------------------------------------------------------------------------------


def test_minutes_go_from_draft_to_circulated_to_approved_recording_who_and_when(plenary, staff):
    meeting = held(meeting_of(plenary, 1))
    approver = UserFactory(role=Role.OOBC_EXECUTIVE)
    meeting_minutes_record(engagement=meeting, acting_user=staff, action="save", minutes="We met.")
    assert meeting.minutes_status == MinutesStatus.DRAFT
    meeting_minutes_record(engagement=meeting, acting_user=staff, action="circulate")
    assert meeting.minutes_status == MinutesStatus.CIRCULATED
    meeting_minutes_record(engagement=meeting, acting_user=approver, action="approve")
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.APPROVED and meeting.minutes == "We met."
    assert meeting.minutes_approved_by == approver and meeting.minutes_approved_at is not None


def test_circulated_minutes_can_go_back_to_draft_but_approved_ones_stay(plenary, staff):
    meeting = meeting_of(plenary, 1)
    meeting_minutes_record(engagement=meeting, acting_user=staff, action="save", minutes="Draft")
    meeting_minutes_record(engagement=meeting, acting_user=staff, action="circulate")
    meeting_minutes_record(engagement=meeting, acting_user=staff, action="return")
    assert meeting.minutes_status == MinutesStatus.DRAFT
    meeting_minutes_record(engagement=meeting, acting_user=staff, action="circulate")
    meeting_minutes_record(engagement=meeting, acting_user=staff, action="approve")
    with pytest.raises(ApplicationError) as refused:
        meeting_minutes_record(engagement=meeting, acting_user=staff, action="save", minutes="Changed")
    assert refused.value.field == "action"


def test_minutes_cannot_be_approved_before_they_are_circulated(plenary, staff):
    meeting = meeting_of(plenary, 1)
    meeting_minutes_record(engagement=meeting, acting_user=staff, action="save", minutes="Draft")
    with pytest.raises(ApplicationError):
        meeting_minutes_record(engagement=meeting, acting_user=staff, action="approve")
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.DRAFT


def test_a_mao_focal_person_cannot_write_or_approve_minutes(plenary):
    meeting = meeting_of(plenary, 1)
    focal = meeting.participants.first().focal_person.user
    with pytest.raises(PermissionDenied):
        meeting_minutes_record(engagement=meeting, acting_user=focal, action="save", minutes="Mine")


# --- RSVP and attendance ----------------------------------------------------------------------


def test_a_focal_person_answers_for_their_own_mao_only(plenary):
    meeting = meeting_of(plenary, 1)
    mine, theirs = meeting.participants.order_by("organization__acronym")
    user = mine.focal_person.user
    meeting_participant_answer(participant=mine, acting_user=user, rsvp="accepted")
    mine.refresh_from_db()
    assert mine.rsvp == "accepted"
    with pytest.raises(PermissionDenied):
        meeting_participant_answer(participant=theirs, acting_user=user, rsvp="declined")


def test_staff_record_attendance(plenary, staff):
    participant = meeting_of(plenary, 1).participants.first()
    meeting_participant_answer(participant=participant, acting_user=staff, attendance="present")
    participant.refresh_from_db()
    assert participant.attendance == "present"


# --- Action items and carry-over ---------------------------------------------------------------


def add_items(meeting, staff):
    owner = meeting.participating_organizations.get(acronym="MSSD")
    open_item = meeting_action_item_add(
        engagement=meeting,
        acting_user=staff,
        owner_organization=owner,
        description="Send the beneficiary list",
    )
    done = meeting_action_item_add(
        engagement=meeting, acting_user=staff, owner_organization=owner, description="Confirm the venue"
    )
    meeting_action_item_update(action_item=done, acting_user=staff, status=ActionItemStatus.DONE)
    return open_item, done


def test_open_action_items_carry_over_to_the_next_quarter_once(plenary, staff):
    q1 = held(meeting_of(plenary, 1))
    open_item, done = add_items(q1, staff)
    meeting_complete(engagement=q1, acting_user=staff)
    assert action_items_carry_over(engagement=q1) == 0  # already carried
    q2 = meeting_of(plenary, 2)
    carried = ActionItem.objects.get(engagement=q2)
    assert carried.carried_over_from == open_item and carried.description == "Send the beneficiary list"
    assert carried.owner_organization == open_item.owner_organization and carried.status == "open"
    assert not ActionItem.objects.filter(engagement=q2, carried_over_from=done).exists()


def test_approving_the_minutes_carries_the_open_items_over(plenary, staff):
    q1 = meeting_of(plenary, 1)
    add_items(q1, staff)
    meeting_minutes_record(engagement=q1, acting_user=staff, action="save", minutes="Minutes")
    meeting_minutes_record(engagement=q1, acting_user=staff, action="circulate")
    meeting_minutes_record(engagement=q1, acting_user=staff, action="approve")
    assert ActionItem.objects.filter(engagement=meeting_of(plenary, 2)).count() == 1


def test_generating_again_carries_the_items_of_a_meeting_that_is_over(plenary, staff):
    q1 = held(meeting_of(plenary, 1))
    add_items(q1, staff)
    first = meeting_series_generate(series=plenary, acting_user=staff)
    second = meeting_series_generate(series=plenary, acting_user=staff)
    assert (
        first.action_items_carried,
        ActionItem.objects.filter(engagement=meeting_of(plenary, 2)).count(),
    ) == (
        1,
        1,
    )
    assert second.action_items_carried == 0


def test_the_q4_items_carry_over_to_q1_of_next_years_series(plenary, staff):
    q4 = held(meeting_of(plenary, 4))
    open_item, _ = add_items(q4, staff)
    generate_quarterly_meetings_for_all_maos(fiscal_year=NEXT_YEAR + 1, acting_user=staff)
    next_plenary = plenary.__class__.objects.get(fiscal_year=NEXT_YEAR + 1, scope="plenary")
    assert ActionItem.objects.get(engagement=meeting_of(next_plenary, 1)).carried_over_from == open_item


def test_closing_a_carried_item_closes_the_whole_chain(plenary, staff):
    q1 = held(meeting_of(plenary, 1))
    open_item, _ = add_items(q1, staff)
    meeting_complete(engagement=q1, acting_user=staff)
    carried = ActionItem.objects.get(carried_over_from=open_item)
    meeting_action_item_update(action_item=carried, acting_user=staff, status=ActionItemStatus.DONE)
    open_item.refresh_from_db()
    assert open_item.status == ActionItemStatus.DONE and open_item.completed_at is not None


def test_an_action_item_belongs_to_one_of_the_meetings_organizations(plenary, staff):
    with pytest.raises(ApplicationError) as refused:
        meeting_action_item_add(
            engagement=meeting_of(plenary, 1),
            acting_user=staff,
            owner_organization=OrganizationFactory(),
            description="Not ours",
        )
    assert refused.value.field == "owner_organization"
    assert not ActionItem.objects.exists()


def test_a_meeting_cannot_leave_its_fiscal_year(plenary, staff):
    q4 = meeting_of(plenary, 4)
    january = datetime(NEXT_YEAR + 1, 1, 12, 10, 0, tzinfo=MANILA)
    with pytest.raises(ApplicationError) as refused:
        meeting_reschedule(engagement=q4, acting_user=staff, planned_start=january)
    assert (
        f"Q4 FY{NEXT_YEAR} meeting: it must take place in {NEXT_YEAR}"
        in refused.value.fields["planned_start"][0]
    )
    q4.refresh_from_db()
    assert q4.planned_start.year == NEXT_YEAR


def test_cancelling_needs_a_reason_and_tells_the_participants(plenary, staff):
    meeting = meeting_of(plenary, 2)
    with pytest.raises(ApplicationError) as refused:
        meeting_cancel(engagement=meeting, acting_user=staff, reason="  ")
    assert refused.value.field == "reason"
    meeting_cancel(engagement=meeting, acting_user=staff, reason="The venue flooded.")
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.cancellation_reason == "The venue flooded."
    notices = Notification.objects.filter(category="meeting")
    assert notices.count() == 2 and all("The venue flooded." in notice.body for notice in notices)


def test_a_cancelled_meeting_is_reinstated_with_its_reminders(plenary, staff):
    meeting = meeting_of(plenary, 2)
    meeting_cancel(engagement=meeting, acting_user=staff, reason="Typhoon.")
    assert not MeetingReminder.objects.filter(engagement=meeting, status="pending").exists()
    meeting_reinstate(engagement=meeting, acting_user=staff)
    meeting.refresh_from_db()
    assert meeting.status == "scheduled" and meeting.cancellation_reason == ""
    assert MeetingReminder.objects.filter(engagement=meeting, status="pending").exists()
    with pytest.raises(ApplicationError):
        meeting_reinstate(engagement=meeting, acting_user=staff)


def test_the_calendar_shows_why_a_meeting_was_cancelled(plenary, staff):
    from automation.ical import calendar_bytes

    meeting = meeting_of(plenary, 2)
    meeting_cancel(engagement=meeting, acting_user=staff, reason="The venue flooded.")
    body = calendar_bytes([meeting], name="x").decode()
    assert "STATUS:CANCELLED" in body and "CANCELLED: The venue flooded." in body


def test_an_action_item_cannot_fall_due_before_its_meeting(plenary, staff):
    meeting = meeting_of(plenary, 2)
    owner = meeting.participating_organizations.first()
    day_before = timezone.localtime(meeting.planned_start, MANILA).date() - timedelta(days=1)
    with pytest.raises(ApplicationError) as refused:
        meeting_action_item_add(
            engagement=meeting,
            acting_user=staff,
            owner_organization=owner,
            description="x",
            due_date=day_before,
        )
    assert refused.value.field == "due_date" and "cannot be before the meeting" in refused.value.message
    assert not meeting.action_items.exists()
