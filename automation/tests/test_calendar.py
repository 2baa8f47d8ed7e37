"""Calendars: the .ics of a meeting and the secret subscription feeds, valid RFC 5545."""

from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from automation.models import CalendarFeedToken
from automation.schedule import MANILA
from automation.services.calendars import calendar_feed_create, calendar_feed_path, calendar_feed_revoke
from automation.services.meetings import meeting_cancel, meeting_reschedule
from automation.services.series import meeting_series_generate
from automation.tests.factories import MaoSeriesFactory, SeriesFactory, mao_with_focal
from common.dates import next_working_day
from common.errors import ApplicationError
from common.models import Role
from common.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def plenary(staff):
    mao_with_focal(acronym="MSSD")
    series = SeriesFactory(fiscal_year=NEXT_YEAR, venue="OCM Hall", online_link="https://meet.example.org/q")
    meeting_series_generate(series=series, acting_user=staff)
    return series


def events(body: bytes) -> list:
    calendar = Calendar.from_ical(body)
    return [component for component in calendar.walk() if component.name == "VEVENT"]


def test_the_ics_of_a_meeting_parses_with_icalendar(client, staff, plenary):
    meeting = plenary.meetings.get(quarter=1).engagement
    client.force_login(staff)
    response = client.get(f"/meetings/{meeting.uid}/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and "OBCMS" in str(calendar["PRODID"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Manila"]
    (event,) = events(response.content)
    assert str(event["UID"]) == f"{meeting.uid}@obcms.oobc.bangsamoro.gov.ph"
    assert event["SUMMARY"] == meeting.title
    assert event.decoded("DTSTART") == meeting.planned_start
    assert event["DTSTART"].params["TZID"] == "Asia/Manila"
    assert event.decoded("DTEND") == meeting.planned_end
    assert event["LOCATION"] == "OCM Hall"
    assert "https://meet.example.org/q" in event["DESCRIPTION"] and "pre-meeting" in event["DESCRIPTION"]
    assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED"
    assert "DTSTAMP" in event


def test_an_update_keeps_the_uid_and_raises_the_sequence(client, staff, plenary):
    meeting = plenary.meetings.get(quarter=1).engagement
    client.force_login(staff)
    before = events(client.get(f"/meetings/{meeting.uid}/calendar.ics").content)[0]
    new_day = next_working_day(timezone.localtime(meeting.planned_start, MANILA).date() + timedelta(days=7))
    new_start = datetime.combine(new_day, time(9), tzinfo=MANILA)
    meeting_reschedule(engagement=meeting, acting_user=staff, planned_start=new_start)
    moved = events(client.get(f"/meetings/{meeting.uid}/calendar.ics").content)[0]
    meeting_cancel(engagement=meeting, acting_user=staff, reason="The venue is closed.")
    cancelled = events(client.get(f"/meetings/{meeting.uid}/calendar.ics").content)[0]
    assert before["UID"] == moved["UID"] == cancelled["UID"]
    assert (before["SEQUENCE"], moved["SEQUENCE"], cancelled["SEQUENCE"]) == (0, 1, 2)
    assert moved.decoded("DTSTART") == new_start
    assert cancelled["STATUS"] == "CANCELLED"


def test_a_change_made_outside_the_automation_still_raises_the_sequence(client, staff, plenary):
    meeting = plenary.meetings.get(quarter=1).engagement
    meeting.venue = "Changed on the engagement page"
    meeting.save()
    client.force_login(staff)
    assert events(client.get(f"/meetings/{meeting.uid}/calendar.ics").content)[0]["SEQUENCE"] == 1


def test_a_series_feed_lists_its_four_meetings_without_signing_in(staff, plenary):
    feed, token = calendar_feed_create(acting_user=staff, series=plenary)
    response = Client().get(calendar_feed_path(token))
    assert response.status_code == 200
    assert len(events(response.content)) == 4
    assert Calendar.from_ical(response.content)["X-WR-CALNAME"] == f"OBCMS: {plenary.title}"
    feed.refresh_from_db()
    assert feed.last_used_at is not None


def test_a_revoked_feed_answers_404(staff, plenary):
    feed, token = calendar_feed_create(acting_user=staff, series=plenary)
    calendar_feed_revoke(feed=feed, acting_user=staff)
    assert Client().get(calendar_feed_path(token)).status_code == 404


def test_an_unknown_token_answers_404():
    assert Client().get(calendar_feed_path("not-a-real-token")).status_code == 404


def test_the_token_is_stored_only_as_a_hash(staff, plenary):
    _, token = calendar_feed_create(acting_user=staff, series=plenary)
    stored = CalendarFeedToken.objects.get()
    assert token not in (stored.token_hash, stored.token_hint) and len(token) >= 40


def test_the_feed_of_a_deactivated_owner_stops(staff, plenary):
    _, token = calendar_feed_create(acting_user=staff, series=plenary)
    staff.is_active = False
    staff.save()
    assert Client().get(calendar_feed_path(token)).status_code == 404


def test_a_mao_feed_shows_the_meetings_the_mao_is_invited_to(staff, plenary):
    mssd = plenary.meetings.get(quarter=1).engagement.participating_organizations.get()
    other, _ = mao_with_focal(acronym="MOH")
    meeting_series_generate(series=MaoSeriesFactory(fiscal_year=NEXT_YEAR, mao=mssd), acting_user=staff)
    meeting_series_generate(series=MaoSeriesFactory(fiscal_year=NEXT_YEAR, mao=other), acting_user=staff)
    focal = UserFactory(role=Role.MAO_FOCAL, organization=mssd)
    _, token = calendar_feed_create(acting_user=focal, organization=mssd)
    titles = [str(event["SUMMARY"]) for event in events(Client().get(calendar_feed_path(token)).content)]
    assert len(titles) == 8 and not any("MOH" in title for title in titles)


def test_a_focal_person_subscribes_to_their_own_mao_only(plenary):
    focal = UserFactory(role=Role.MAO_FOCAL)
    other, _ = mao_with_focal(acronym="MOH")
    with pytest.raises(ApplicationError):
        calendar_feed_create(acting_user=focal, organization=other)
    assert not CalendarFeedToken.objects.exists()


def test_a_focal_person_whose_mao_changed_loses_the_old_maos_feed(plenary):
    mssd = plenary.meetings.get(quarter=1).engagement.participating_organizations.get()
    focal = UserFactory(role=Role.MAO_FOCAL, organization=mssd)
    _, token = calendar_feed_create(acting_user=focal, organization=mssd)
    focal.organization, _ = mao_with_focal(acronym="MOH")
    focal.save()
    response = Client().get(calendar_feed_path(token))
    assert response.status_code == 200 and events(response.content) == []
