"""Generating quarterly meetings: four per series, working days only, idempotent, no clashes."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from automation.models import MeetingReminder, QuarterlyMeetingSeries, SeriesMeeting, SeriesScope
from automation.schedule import MANILA, meeting_day
from automation.services.meetings import meeting_update
from automation.services.series import (
    generate_quarterly_meetings_for_all_maos,
    meeting_series_create,
    meeting_series_generate,
    meeting_series_update,
    quarterly_meetings_generate_scheduled,
)
from automation.tests.factories import MaoSeriesFactory, SeriesFactory, mao_with_focal
from common.dates import is_working_day
from common.errors import ApplicationError
from common.models import Role
from common.tests.factories import UserFactory
from coordination.models import EngagementParticipant, EngagementStatus, StakeholderEngagement
from coordination.tests.factories import EngagementFactory, FocalPersonFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
NEXT_YEAR = timezone.localdate().year + 1


def local_day(engagement) -> date:
    return timezone.localtime(engagement.planned_start, MANILA).date()


def test_generating_twice_gives_exactly_four_meetings_per_series(staff):
    mao_with_focal()
    series = SeriesFactory(fiscal_year=NEXT_YEAR)
    first = meeting_series_generate(series=series, acting_user=staff)
    second = meeting_series_generate(series=series, acting_user=staff)
    assert first.created == 4 and second.created == 0
    assert second.participants_added == 0 and second.reminders_created == 0
    assert SeriesMeeting.objects.filter(series=series).count() == 4
    assert StakeholderEngagement.objects.count() == 4
    assert sorted(series.meetings.values_list("engagement__quarter", flat=True)) == [1, 2, 3, 4]


def test_a_quarter_whose_day_is_eid_al_adha_meets_on_the_next_working_day(staff):
    # 1st Friday of the 3rd month: in Q2 2025 that is 6 June, Eid al-Adha.
    series = SeriesFactory(fiscal_year=2025, week_of_month=1, weekday=4, month_of_quarter=3)
    meeting_series_generate(series=series, acting_user=staff)
    days = {link.quarter: local_day(link.engagement) for link in series.meetings.select_related("engagement")}
    assert days[2] == date(2025, 6, 9)
    assert all(is_working_day(day) for day in days.values())


def test_independence_day_and_weekends_are_never_meeting_days(staff):
    series = SeriesFactory(fiscal_year=2025, week_of_month=2, weekday=3, month_of_quarter=3)
    meeting_series_generate(series=series, acting_user=staff)
    q2 = series.meetings.get(quarter=2).engagement
    assert local_day(q2) == date(2025, 6, 13)  # not 12 June
    assert timezone.localtime(q2.planned_start, MANILA).time() == time(9, 0)
    assert q2.planned_end - q2.planned_start == timedelta(minutes=180)


def test_meetings_are_coordination_meetings_with_the_series_place_and_agenda(staff):
    series = SeriesFactory(fiscal_year=NEXT_YEAR, venue="OCM Hall", online_link="https://meet.example.org/x")
    meeting_series_generate(series=series, acting_user=staff)
    meeting = series.meetings.get(quarter=3).engagement
    assert meeting.engagement_type == "coordination_meeting" and meeting.status == EngagementStatus.SCHEDULED
    assert (meeting.fiscal_year, meeting.quarter) == (NEXT_YEAR, 3)
    assert meeting.venue == "OCM Hall" and meeting.online_link == "https://meet.example.org/x"
    assert meeting.title == f"{series.title}, Q3 FY{NEXT_YEAR}"
    assert "pre-meeting reports" in meeting.agenda


def test_the_plenary_invites_the_focal_persons_of_every_active_mao(staff):
    first, first_focal = mao_with_focal()
    second, second_focal = mao_with_focal(login=False)
    alternate = FocalPersonFactory(organization=first, role="alternate", active_from=date(2020, 1, 1))
    FocalPersonFactory(organization=second, role="alternate", is_active=False, active_from=date(2020, 1, 1))
    mao_with_focal(is_active=False)
    OrganizationFactory(kind="lgu")
    series = SeriesFactory(fiscal_year=NEXT_YEAR)
    meeting_series_generate(series=series, acting_user=staff)
    meeting = series.meetings.get(quarter=1).engagement
    assert set(meeting.participating_organizations.all()) == {first, second}
    invited = set(meeting.participants.values_list("focal_person", flat=True))
    assert invited == {first_focal.pk, second_focal.pk, alternate.pk}


def test_a_mao_series_invites_only_that_mao(staff):
    mao, focal = mao_with_focal()
    mao_with_focal()
    series = MaoSeriesFactory(fiscal_year=NEXT_YEAR, mao=mao)
    meeting_series_generate(series=series, acting_user=staff)
    assert set(EngagementParticipant.objects.values_list("focal_person", flat=True)) == {focal.pk}


def test_a_mao_meeting_moves_off_the_day_of_the_plenary(staff):
    mao, _ = mao_with_focal()
    plenary = SeriesFactory(fiscal_year=NEXT_YEAR)
    own = MaoSeriesFactory(fiscal_year=NEXT_YEAR, mao=mao)  # the same rule as the plenary
    meeting_series_generate(series=plenary, acting_user=staff)
    meeting_series_generate(series=own, acting_user=staff)
    for quarter in (1, 2, 3, 4):
        plenary_day = local_day(plenary.meetings.get(quarter=quarter).engagement)
        own_day = local_day(own.meetings.get(quarter=quarter).engagement)
        assert own_day != plenary_day and is_working_day(own_day)


def test_a_mao_meeting_moves_off_a_day_the_mao_has_another_engagement(staff):
    mao, _ = mao_with_focal()
    own = MaoSeriesFactory(fiscal_year=NEXT_YEAR, mao=mao)
    usual = meeting_day(fiscal_year=NEXT_YEAR, quarter=1, month_of_quarter=2, week_of_month=2, weekday=1)
    start = datetime.combine(usual, time(14), tzinfo=MANILA)
    consultation = EngagementFactory(planned_start=start, fiscal_year=NEXT_YEAR, quarter=1)
    consultation.participating_organizations.add(mao)
    meeting_series_generate(series=own, acting_user=staff)
    moved = local_day(own.meetings.get(quarter=1).engagement)
    assert moved > usual and is_working_day(moved)


def test_a_plenary_generated_later_moves_the_mao_meetings_nobody_edited(staff):
    mao, _ = mao_with_focal()
    own = MaoSeriesFactory(fiscal_year=NEXT_YEAR, mao=mao)
    meeting_series_generate(series=own, acting_user=staff)
    edited = own.meetings.get(quarter=4).engagement
    meeting_update(engagement=edited, acting_user=staff, venue="Moved by hand")
    plenary = SeriesFactory(fiscal_year=NEXT_YEAR)
    meeting_series_generate(series=plenary, acting_user=staff)
    for quarter in (1, 2, 3):
        assert local_day(own.meetings.get(quarter=quarter).engagement) != local_day(
            plenary.meetings.get(quarter=quarter).engagement
        )
    edited.refresh_from_db()
    assert edited.venue == "Moved by hand"
    assert local_day(edited) == local_day(plenary.meetings.get(quarter=4).engagement)  # left alone


def test_an_edited_meeting_is_never_overwritten_by_generating_again(staff):
    series = SeriesFactory(fiscal_year=NEXT_YEAR)
    meeting_series_generate(series=series, acting_user=staff)
    meeting = series.meetings.get(quarter=2).engagement
    meeting_update(engagement=meeting, acting_user=staff, agenda="Only one item")
    meeting_series_update(series=series, acting_user=staff, weekday=3, venue="Elsewhere")
    result = meeting_series_generate(series=series, acting_user=staff)
    meeting.refresh_from_db()
    assert meeting.agenda == "Only one item" and meeting.venue != "Elsewhere"
    assert result.kept_edited == 1 and result.updated == 3
    assert all(
        link.engagement.venue == "Elsewhere" and local_day(link.engagement).weekday() in (3, 4, 0)
        for link in series.meetings.exclude(quarter=2).select_related("engagement")
    )


def test_a_meeting_someone_deleted_is_not_brought_back(staff):
    series = SeriesFactory(fiscal_year=NEXT_YEAR)
    meeting_series_generate(series=series, acting_user=staff)
    series.meetings.get(quarter=1).engagement.delete()
    assert meeting_series_generate(series=series, acting_user=staff).created == 0
    assert StakeholderEngagement.objects.count() == 3


def test_a_new_focal_person_is_invited_to_the_upcoming_meetings_on_the_next_run(staff):
    mao, _ = mao_with_focal()
    series = SeriesFactory(fiscal_year=NEXT_YEAR)
    meeting_series_generate(series=series, acting_user=staff)
    newcomer = FocalPersonFactory(organization=mao, role="alternate", active_from=date(2020, 1, 1))
    result = meeting_series_generate(series=series, acting_user=staff)
    assert result.participants_added == 4 and result.created == 0
    assert EngagementParticipant.objects.filter(focal_person=newcomer).count() == 4


def test_generating_creates_the_reminders_of_upcoming_meetings_only(staff):
    mao_with_focal()  # email and in-app: 2 channels x 3 offsets x 4 meetings
    meeting_series_generate(series=SeriesFactory(fiscal_year=NEXT_YEAR), acting_user=staff)
    meeting_series_generate(series=SeriesFactory(fiscal_year=2024), acting_user=staff)
    assert MeetingReminder.objects.count() == 24
    assert not MeetingReminder.objects.filter(engagement__fiscal_year=2024).exists()


def test_an_inactive_series_is_not_generated(staff):
    with pytest.raises(ApplicationError):
        meeting_series_generate(
            series=SeriesFactory(fiscal_year=NEXT_YEAR, is_active=False), acting_user=staff
        )


@pytest.mark.parametrize("role", [Role.MAO_FOCAL, Role.OCM_EXECUTIVE])
def test_only_oobc_staff_generate(role):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        meeting_series_generate(
            series=SeriesFactory(fiscal_year=NEXT_YEAR), acting_user=UserFactory(role=role)
        )
    assert not StakeholderEngagement.objects.exists()


def test_a_year_for_all_maos_is_the_plenary_and_one_series_per_active_mao(staff):
    maos = [mao_with_focal()[0] for _ in range(3)]
    mao_with_focal(is_active=False)
    first = generate_quarterly_meetings_for_all_maos(fiscal_year=NEXT_YEAR, acting_user=staff)
    again = generate_quarterly_meetings_for_all_maos(fiscal_year=NEXT_YEAR, acting_user=staff)
    series = QuarterlyMeetingSeries.objects.filter(fiscal_year=NEXT_YEAR)
    assert series.filter(scope=SeriesScope.PLENARY).count() == 1
    assert set(series.filter(scope=SeriesScope.MAO).values_list("mao", flat=True)) == {m.pk for m in maos}
    assert (first.created, again.created) == (16, 0)
    assert StakeholderEngagement.objects.count() == 16


def test_the_mao_series_of_a_new_year_take_the_settings_of_the_year_before(staff):
    mao, _ = mao_with_focal()
    MaoSeriesFactory(fiscal_year=NEXT_YEAR, mao=mao, weekday=3, week_of_month=4, venue="MSSD Hall")
    generate_quarterly_meetings_for_all_maos(fiscal_year=NEXT_YEAR + 1, acting_user=staff)
    copied = QuarterlyMeetingSeries.objects.get(fiscal_year=NEXT_YEAR + 1, mao=mao)
    assert (copied.weekday, copied.week_of_month, copied.venue) == (3, 4, "MSSD Hall")


def test_new_mao_series_are_spread_over_different_slots(staff):
    for _ in range(6):
        mao_with_focal()
    generate_quarterly_meetings_for_all_maos(fiscal_year=NEXT_YEAR, acting_user=staff)
    slots = QuarterlyMeetingSeries.objects.filter(scope=SeriesScope.MAO).values_list(
        "week_of_month", "weekday", "start_time"
    )
    assert len(set(slots)) == 6


def test_no_mao_has_two_meetings_on_one_day_in_a_generated_year(staff):
    for _ in range(5):
        mao_with_focal()
    generate_quarterly_meetings_for_all_maos(fiscal_year=NEXT_YEAR, acting_user=staff)
    through = StakeholderEngagement.participating_organizations.through
    seen = set()
    for organization_id, start in through.objects.values_list(
        "organization_id", "stakeholderengagement__planned_start"
    ):
        key = (organization_id, timezone.localtime(start, MANILA).date())
        assert key not in seen
        seen.add(key)


def test_the_quarterly_run_on_1_october_also_creates_next_years_meetings():
    mao_with_focal()
    quarterly_meetings_generate_scheduled(today=date(NEXT_YEAR, 10, 1))
    years = set(QuarterlyMeetingSeries.objects.values_list("fiscal_year", flat=True))
    assert years == {NEXT_YEAR, NEXT_YEAR + 1}
    quarterly_meetings_generate_scheduled(today=date(NEXT_YEAR, 7, 1))
    assert QuarterlyMeetingSeries.objects.count() == 4
    assert StakeholderEngagement.objects.count() == 16


def test_generation_queries_do_not_grow_with_the_number_of_maos(staff, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        mao_with_focal()
    with CaptureQueriesContext(connection) as few:
        generate_quarterly_meetings_for_all_maos(fiscal_year=NEXT_YEAR, acting_user=staff)
    for _ in range(12):
        mao_with_focal()
    with CaptureQueriesContext(connection) as many:
        generate_quarterly_meetings_for_all_maos(fiscal_year=NEXT_YEAR + 1, acting_user=staff)
    assert len(many) <= len(few) + 2, (len(few), len(many))


def test_a_series_needs_a_mao_exactly_when_its_scope_is_one_mao(staff):
    with pytest.raises(ApplicationError) as missing:
        meeting_series_create(acting_user=staff, fiscal_year=NEXT_YEAR, scope=SeriesScope.MAO, title="x")
    assert "mao" in missing.value.fields
    with pytest.raises(ApplicationError) as extra:
        meeting_series_create(
            acting_user=staff, fiscal_year=NEXT_YEAR, scope=SeriesScope.PLENARY, mao=OrganizationFactory()
        )
    assert "mao" in extra.value.fields
    with pytest.raises(ApplicationError) as offsets:
        meeting_series_create(
            acting_user=staff, fiscal_year=NEXT_YEAR, scope=SeriesScope.PLENARY, reminder_offsets=[1]
        )
    assert "reminder_offsets" in offsets.value.fields
    assert not QuarterlyMeetingSeries.objects.exists()
