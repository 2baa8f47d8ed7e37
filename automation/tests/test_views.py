"""The meeting pages: who sees what, forms that work without JavaScript, htmx partials, CSRF."""

import re
from datetime import date

import pytest
from django.core import mail
from django.test import Client

from automation.models import CalendarFeedToken, PreMeetingReport, QuarterlyMeetingSeries
from automation.services.calendars import calendar_feed_create
from automation.services.series import meeting_series_generate
from automation.tests.conftest import NEXT_YEAR
from automation.tests.factories import MaoSeriesFactory, mao_with_focal
from common.dates import next_working_day
from common.models import Notification
from common.tests.page_checks import HTMX, assert_partial_only, query_count
from coordination.models import ActionItem, StakeholderEngagement

pytestmark = pytest.mark.django_db


def page(client, user, url: str, **headers):
    client.force_login(user)
    return client.get(url, **headers)


def post(client, user, url: str, data=None, **headers):
    client.force_login(user)
    return client.post(url, data or {}, **headers)


def meeting_path(meeting, action: str = "") -> str:
    return f"/meetings/{meeting.uid}/{action + '/' if action else ''}"


# --- Year view and generation ------------------------------------------------------------------


def test_the_year_view_shows_the_meetings_by_quarter(client, world):
    html = page(client, world.staff, f"/meetings/?fiscal_year={NEXT_YEAR}").content.decode()
    assert "Quarter 1" in html and "Quarter 4" in html
    assert html.count(f"Q1 FY{NEXT_YEAR}") == 3
    assert "Generate a fiscal year" in html


def test_the_year_view_opens_on_the_fiscal_year_of_the_next_meeting(client, world):
    html = page(client, world.staff, "/meetings/").content.decode()
    assert f"Q1 FY{NEXT_YEAR}" in html  # next year's meetings, not this year's empty quarters


def test_an_empty_year_says_where_the_next_meeting_is(client, world):
    html = page(client, world.staff, f"/meetings/?fiscal_year={NEXT_YEAR - 3}").content.decode()
    assert f"No meetings are filed under FY{NEXT_YEAR - 3}" in html
    assert f"is filed under FY{NEXT_YEAR}" in html and "Open the next meeting" in html


def test_a_focal_person_sees_only_their_maos_meetings_and_cannot_generate(client, world):
    html = page(client, world.mssd_focal, f"/meetings/?fiscal_year={NEXT_YEAR}").content.decode()
    assert "OCM–MSSD meeting" in html and "OCM–MAO plenary" in html and "OCM–MOH meeting" not in html
    assert "Generate a fiscal year" not in html


def test_the_year_view_answers_htmx_with_the_quarters_only(client, world):
    response = page(client, world.staff, f"/meetings/?fiscal_year={NEXT_YEAR}", **HTMX)
    assert_partial_only(response, 'id="quarters"')


def test_the_year_view_runs_the_same_queries_for_more_meetings(client, world):
    client.force_login(world.staff)
    url = f"/meetings/?fiscal_year={NEXT_YEAR}"
    query_count(client, url)
    few = query_count(client, url)
    for _ in range(3):
        mao, _ = mao_with_focal()
        meeting_series_generate(
            series=MaoSeriesFactory(fiscal_year=NEXT_YEAR, mao=mao), acting_user=world.staff
        )
    assert query_count(client, url) == few


def test_the_meeting_pages_are_closed_to_anonymous_users_and_community_leaders(client, world):
    assert client.get("/meetings/").status_code == 302
    assert page(client, world.leader, "/meetings/").status_code == 403
    assert page(client, world.leader, meeting_path(world.meeting(world.plenary))).status_code == 403


def test_staff_generate_a_year_without_javascript(client, world):
    response = post(client, world.staff, "/meetings/generate/", {"fiscal_year": NEXT_YEAR + 1})
    assert response.status_code == 302 and response["Location"].endswith(f"fiscal_year={NEXT_YEAR + 1}")
    assert StakeholderEngagement.objects.filter(fiscal_year=NEXT_YEAR + 1).count() == 12


def test_generating_with_a_bad_year_writes_nothing(client, world):
    before = StakeholderEngagement.objects.count()
    response = post(client, world.staff, "/meetings/generate/", {"fiscal_year": "next"}, follow=True)
    assert "Give a fiscal year" in response.content.decode()
    assert StakeholderEngagement.objects.count() == before


@pytest.mark.parametrize("persona", ["focal", "ocm"])
def test_only_staff_may_generate(client, world, persona):
    assert (
        post(client, world.user(persona), "/meetings/generate/", {"fiscal_year": NEXT_YEAR + 1}).status_code
        == 403
    )
    assert not StakeholderEngagement.objects.filter(fiscal_year=NEXT_YEAR + 1).exists()


def test_generating_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    assert post(client, world.staff, "/meetings/generate/", {"fiscal_year": NEXT_YEAR + 1}).status_code == 403
    assert not StakeholderEngagement.objects.filter(fiscal_year=NEXT_YEAR + 1).exists()


# --- Series pages --------------------------------------------------------------------------------


def test_staff_set_up_a_series_and_generate_it(client, world):
    other, _ = mao_with_focal(acronym="MAFAR")
    form = {
        "fiscal_year": NEXT_YEAR,
        "scope": "mao",
        "mao": str(other.uid),
        "week_of_month": 3,
        "weekday": 2,
        "month_of_quarter": 2,
        "start_time": "13:30",
        "duration_minutes": 120,
        "reminder_offsets": "3d, 2h",
        "report_deadline_working_days": 2,
        "is_active": "on",
    }
    response = post(client, world.staff, "/meetings/series/new/", form)
    series = QuarterlyMeetingSeries.objects.get(mao=other)
    assert response.status_code == 302 and response["Location"] == f"/meetings/series/{series.uid}/"
    assert series.reminder_offsets == [4320, 120] and series.title.startswith("OCM–MAFAR")
    post(client, world.staff, "/meetings/generate/", {"series": str(series.uid)})
    html = page(client, world.staff, f"/meetings/series/{series.uid}/").content.decode()
    assert series.meetings.count() == 4 and "3rd Wednesday of the 2nd month" in html


def test_a_bad_series_form_shows_its_errors_and_writes_nothing(client, world):
    response = post(
        client,
        world.staff,
        "/meetings/series/new/",
        {"fiscal_year": NEXT_YEAR, "scope": "mao", "reminder_offsets": "soon"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "is not an offset like" in html
    assert QuarterlyMeetingSeries.objects.count() == 3


def test_changing_a_series_rule_from_its_page(client, world):
    form = {
        "week_of_month": 1,
        "weekday": 0,
        "month_of_quarter": 1,
        "start_time": "08:00",
        "duration_minutes": 90,
        "reminder_offsets": "7d, 1h",
        "report_deadline_working_days": 3,
        "is_active": "on",
        "venue": "New hall",
    }
    assert post(client, world.staff, f"/meetings/series/{world.plenary.uid}/", form).status_code == 302
    world.plenary.refresh_from_db()
    assert world.plenary.venue == "New hall" and world.plenary.reminder_offsets == [10080, 60]


def test_series_pages_follow_the_mao_scope(client, world):
    assert page(client, world.mssd_focal, f"/meetings/series/{world.moh_series.uid}/").status_code == 404
    html = page(client, world.mssd_focal, "/meetings/series/").content.decode()
    assert "OCM–MSSD meeting" in html and "OCM–MOH meeting" not in html
    assert (
        page(client, world.mssd_focal, "/meetings/series/new/").status_code == 200
    )  # the form; saving is refused
    assert post(client, world.ocm, "/meetings/series/new/", {}).status_code == 403


def test_the_series_list_runs_the_same_queries_for_more_series(client, world):
    client.force_login(world.staff)
    few = query_count(client, "/meetings/series/")
    for _ in range(4):
        MaoSeriesFactory(fiscal_year=NEXT_YEAR)
    assert query_count(client, "/meetings/series/") == few


# --- The meeting page ------------------------------------------------------------------------------


def test_the_meeting_page_shows_schedule_participants_reports_minutes_and_action_items(client, world):
    html = page(client, world.staff, meeting_path(world.meeting(world.plenary))).content.decode()
    for section in (
        'id="schedule"',
        'id="participants"',
        'id="reports"',
        'id="minutes"',
        'id="action-items"',
    ):
        assert section in html
    assert "Remind everyone now" in html and "Asia/Manila" in html and "calendar.ics" in html


def test_every_htmx_form_also_posts_without_javascript(client, world):
    html = page(client, world.staff, meeting_path(world.meeting(world.plenary))).content.decode()
    hx_posts = re.findall(r'hx-post="([^"]+)"', html)
    assert hx_posts
    for target in hx_posts:
        assert f'action="{target}"' in html


def test_a_focal_person_sees_their_maos_meetings_only(client, world):
    assert page(client, world.mssd_focal, meeting_path(world.meeting(world.moh_series))).status_code == 404
    html = page(client, world.mssd_focal, meeting_path(world.meeting(world.plenary))).content.decode()
    assert "Open my MAO&#x27;s report" in html or "Open my MAO's report" in html
    assert html.count('name="rsvp"') == 1  # their own MAO's participant only
    assert "Remind everyone now" not in html


def test_the_meeting_page_runs_the_same_queries_for_more_participants(client, world):
    meeting = world.meeting(world.plenary)
    client.force_login(world.staff)
    few = query_count(client, meeting_path(meeting))
    for _ in range(4):
        mao_with_focal()
    meeting_series_generate(series=world.plenary, acting_user=world.staff)
    assert meeting.participants.count() == 6
    assert query_count(client, meeting_path(meeting)) == few


def test_a_focal_person_answers_rsvp_with_htmx_and_gets_the_participants_back(client, world):
    participant = world.meeting(world.plenary).participants.get(organization=world.mssd)
    response = post(
        client, world.mssd_focal, f"/meetings/participants/{participant.uid}/", {"rsvp": "accepted"}, **HTMX
    )
    assert_partial_only(response, 'id="participants"')
    participant.refresh_from_db()
    assert participant.rsvp == "accepted"


def test_answering_for_another_mao_is_404_and_without_javascript_redirects(client, world):
    meeting = world.meeting(world.plenary)
    theirs = meeting.participants.get(organization=world.moh)
    mine = meeting.participants.get(organization=world.mssd)
    assert (
        post(
            client, world.mssd_focal, f"/meetings/participants/{theirs.uid}/", {"rsvp": "declined"}
        ).status_code
        == 404
    )
    response = post(client, world.mssd_focal, f"/meetings/participants/{mine.uid}/", {"rsvp": "tentative"})
    assert response.status_code == 302 and response["Location"] == meeting_path(meeting)


def test_moving_a_meeting_to_a_holiday_shows_the_reason(client, world):
    meeting = world.meeting(world.plenary, 2)
    data = {"day": f"{NEXT_YEAR}-06-12", "start_time": "09:00", "end_time": "12:00"}
    response = post(client, world.staff, meeting_path(meeting, "schedule"), data)
    assert response.status_code == 200 and "Independence Day" in response.content.decode()
    before = meeting.planned_start
    meeting.refresh_from_db()
    assert meeting.planned_start == before


def test_staff_move_a_meeting_from_its_page(client, world):
    meeting = world.meeting(world.plenary, 2)
    day = next_working_day(date(NEXT_YEAR, 6, 16))
    data = {"day": day.isoformat(), "start_time": "10:00", "end_time": "12:00"}
    assert post(client, world.staff, meeting_path(meeting, "schedule"), data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.planned_start.date() == day


@pytest.mark.parametrize("day", ["9999-12-31", "2150-12-30"])
def test_moving_a_meeting_to_an_absurd_year_on_its_page_is_a_field_error(client, world, day):
    meeting = world.meeting(world.plenary, 2)
    before = meeting.planned_start
    data = {"day": day, "start_time": "10:00", "end_time": "12:00"}
    response = post(client, world.staff, meeting_path(meeting, "schedule"), data)
    assert response.status_code in (200, 400)
    meeting.refresh_from_db()
    assert meeting.planned_start == before


def test_staff_write_circulate_and_approve_the_minutes(client, world):
    meeting = world.meeting(world.plenary)
    url = meeting_path(meeting, "minutes")
    post(client, world.staff, url, {"action": "save", "minutes": "We agreed on three things."})
    post(client, world.staff, url, {"action": "circulate"})
    assert page(client, world.mssd_focal, meeting_path(meeting)).content.decode().count("We agreed") == 1
    post(client, world.executive, url, {"action": "approve"})
    meeting.refresh_from_db()
    assert meeting.minutes_status == "approved" and meeting.minutes_approved_by == world.executive


def test_minutes_are_for_staff_only(client, world):
    url = meeting_path(world.meeting(world.plenary), "minutes")
    assert post(client, world.mssd_focal, url, {"action": "save", "minutes": "x"}).status_code == 403
    assert post(client, world.ocm, url, {"action": "save", "minutes": "x"}).status_code == 403


def test_staff_add_an_action_item_with_htmx(client, world):
    meeting = world.meeting(world.plenary)
    data = {"description": "Send the beneficiary list", "owner_organization": str(world.mssd.uid)}
    response = post(client, world.staff, meeting_path(meeting, "action-items"), data, **HTMX)
    assert_partial_only(response, "Send the beneficiary list")
    item = ActionItem.objects.get()
    post(client, world.staff, f"/meetings/action-items/{item.uid}/", {"status": "in_progress"})
    item.refresh_from_db()
    assert item.status == "in_progress"


def test_an_action_item_without_a_description_is_refused(client, world):
    meeting = world.meeting(world.plenary)
    response = post(
        client,
        world.staff,
        meeting_path(meeting, "action-items"),
        {"owner_organization": str(world.mssd.uid)},
    )
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not ActionItem.objects.exists()


def test_remind_everyone_now_says_how_many_people_first_then_sends(
    client, world, django_capture_on_commit_callbacks
):
    url = meeting_path(world.meeting(world.plenary), "remind")
    question = page(client, world.staff, url).content.decode()
    assert "Send 4 reminders to 2 people" in question and 'name="confirmed"' in question
    with django_capture_on_commit_callbacks(execute=True):
        post(client, world.staff, url)  # without the confirmation: the question again
    assert len(mail.outbox) == 0 and Notification.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        post(client, world.staff, url, {"confirmed": "1"})
    assert len(mail.outbox) == 2 and Notification.objects.count() == 2


def test_staff_cancel_a_meeting_only_after_confirming_with_a_reason(client, world):
    meeting = world.meeting(world.plenary)
    url = meeting_path(meeting, "cancel")
    question = page(client, world.staff, url).content.decode()
    assert "Cancel the meeting" in question and "Why is it cancelled?" in question
    assert post(client, world.staff, url).status_code == 200  # a bare POST only asks
    refused = post(client, world.staff, url, {"confirmed": "1", "reason": " "})
    assert refused.status_code == 400 and "<title>Error: " in refused.content.decode()
    meeting.refresh_from_db()
    assert meeting.status != "cancelled"
    done = post(client, world.staff, url, {"confirmed": "1", "reason": "The venue flooded."})
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.cancellation_reason == "The venue flooded."
    html = page(client, world.staff, meeting_path(meeting)).content.decode()
    assert "Remind everyone now" not in html and "The venue flooded." in html
    assert "Reinstate the meeting" in html


def test_a_cancelled_meeting_can_be_reinstated(client, world):
    meeting = world.meeting(world.plenary)
    post(client, world.staff, meeting_path(meeting, "cancel"), {"confirmed": "1", "reason": "Typhoon."})
    assert post(client, world.staff, meeting_path(meeting, "reinstate")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "scheduled" and meeting.cancellation_reason == ""


def test_a_meeting_not_yet_held_cannot_be_marked_held(client, world):
    meeting = world.meeting(world.plenary)
    response = post(client, world.staff, meeting_path(meeting, "complete"), follow=True)
    assert "once it has started" in response.content.decode()


@pytest.mark.parametrize(
    "action", ["schedule", "details", "cancel", "complete", "remind", "minutes", "action-items"]
)
def test_meeting_writes_need_the_csrf_token(world, action):
    client = Client(enforce_csrf_checks=True)
    meeting = world.meeting(world.plenary)
    assert post(client, world.staff, meeting_path(meeting, action), {"action": "save"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == "scheduled" and meeting.minutes_status == "none"


# --- Reports and the focal person's page ------------------------------------------------------------


def test_a_focal_person_starts_completes_and_submits_their_report(client, world):
    meeting = world.meeting(world.plenary)
    html = page(client, world.mssd_focal, "/meetings/mine/").content.decode()
    assert "Reports to submit" in html and meeting.title in html
    response = post(client, world.mssd_focal, meeting_path(meeting, "report"))
    report = PreMeetingReport.objects.get()
    assert response["Location"] == f"/meetings/reports/{report.uid}/"
    data = {"accomplishments": "Fed 300 children", "challenges": "", "plans": "", "action": "submit"}
    assert post(client, world.mssd_focal, f"/meetings/reports/{report.uid}/", data).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.accomplishments == "Fed 300 children"
    assert (
        meeting.title
        not in page(client, world.mssd_focal, "/meetings/mine/").content.decode().split("Upcoming")[0]
    )


def test_report_pages_follow_the_mao_scope(client, world):
    post(client, world.moh_focal, meeting_path(world.meeting(world.plenary), "report"))
    report = PreMeetingReport.objects.get()
    assert page(client, world.mssd_focal, f"/meetings/reports/{report.uid}/").status_code == 404
    html = page(client, world.staff, f"/meetings/reports/{report.uid}/").content.decode()
    assert "Submit to OOBC" not in html  # staff read, the focal person writes
    assert post(client, world.staff, f"/meetings/reports/{report.uid}/", {"plans": "x"}).status_code == 403


def test_a_report_with_only_empty_text_cannot_be_submitted(client, world):
    post(client, world.mssd_focal, meeting_path(world.meeting(world.plenary), "report"))
    report = PreMeetingReport.objects.get()
    data = {"accomplishments": "", "challenges": "", "plans": "", "action": "submit"}
    response = post(client, world.mssd_focal, f"/meetings/reports/{report.uid}/", data)
    assert response.status_code == 200 and "before submitting" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"


def test_stored_text_is_shown_escaped(client, world):
    post(client, world.mssd_focal, meeting_path(world.meeting(world.plenary), "report"))
    report = PreMeetingReport.objects.get()
    data = {"accomplishments": "<script>alert(1)</script>", "challenges": "", "plans": "", "action": "submit"}
    post(client, world.mssd_focal, f"/meetings/reports/{report.uid}/", data)
    html = page(client, world.staff, f"/meetings/reports/{report.uid}/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Calendar subscriptions --------------------------------------------------------------------------


def test_subscribing_shows_the_secret_url_once_and_revoking_stops_it(client, world):
    response = post(client, world.ocm, "/meetings/calendar/", {"subject": f"series:{world.plenary.uid}"})
    url = re.search(r'value="(http[^"]+\.ics)"', response.content.decode()).group(1)
    assert Client().get(url).status_code == 200
    feed = CalendarFeedToken.objects.get()
    assert url not in page(client, world.ocm, "/meetings/calendar/").content.decode()
    assert (
        "Revoke the address"
        in page(client, world.ocm, f"/meetings/calendar/{feed.uid}/revoke/").content.decode()
    )
    assert post(client, world.ocm, f"/meetings/calendar/{feed.uid}/revoke/").status_code == 200  # asks again
    assert Client().get(url).status_code == 200
    assert (
        post(client, world.ocm, f"/meetings/calendar/{feed.uid}/revoke/", {"confirmed": "1"}).status_code
        == 302
    )
    assert Client().get(url).status_code == 404


def test_a_focal_person_can_only_pick_their_own_mao_or_visible_series(client, world):
    html = page(client, world.mssd_focal, "/meetings/calendar/").content.decode()
    assert "OCM–MSSD meeting" in html and "OCM–MOH meeting" not in html
    assert f"mao:{world.moh.uid}" not in html
    response = post(client, world.mssd_focal, "/meetings/calendar/", {"subject": f"mao:{world.moh.uid}"})
    assert response.status_code == 200 and not CalendarFeedToken.objects.exists()


def test_someone_elses_subscription_cannot_be_revoked(client, world):
    post(client, world.ocm, "/meetings/calendar/", {"subject": f"series:{world.plenary.uid}"})
    feed = CalendarFeedToken.objects.get()
    assert (
        post(client, world.staff, f"/meetings/calendar/{feed.uid}/revoke/", {"confirmed": "1"}).status_code
        == 404
    )
    feed.refresh_from_db()
    assert feed.revoked_at is None


# --- Every page, every outsider ------------------------------------------------------------------------


def page_routes(world) -> list[tuple[str, str]]:
    meeting = world.meeting(world.plenary)
    item = ActionItem.objects.create(engagement=meeting, description="x", owner_organization=world.mssd)
    report = PreMeetingReport.objects.create(engagement=meeting, organization=world.mssd)
    feed, _ = calendar_feed_create(acting_user=world.staff, series=world.plenary)
    participant = meeting.participants.first()
    return [
        ("get", "/meetings/"),
        ("post", "/meetings/generate/"),
        ("get", "/meetings/mine/"),
        ("get", "/meetings/series/"),
        ("get", "/meetings/series/new/"),
        ("get", f"/meetings/series/{world.plenary.uid}/"),
        ("get", meeting_path(meeting)),
        ("get", f"/meetings/{meeting.uid}/calendar.ics"),
        *[
            ("post", meeting_path(meeting, action))
            for action in (
                "schedule",
                "details",
                "cancel",
                "reinstate",
                "complete",
                "remind",
                "minutes",
                "action-items",
                "report",
            )
        ],
        ("post", f"/meetings/action-items/{item.uid}/"),
        ("post", f"/meetings/participants/{participant.uid}/"),
        ("get", f"/meetings/reports/{report.uid}/"),
        ("get", "/meetings/calendar/"),
        ("post", f"/meetings/calendar/{feed.uid}/revoke/"),
    ]


def test_every_page_sends_anonymous_users_to_sign_in_and_refuses_community_leaders(client, world):
    for method, url in page_routes(world):
        client.logout()
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        client.force_login(world.leader)
        assert getattr(client, method)(url).status_code == 403, url
    assert world.meeting(world.plenary).status == "scheduled"


def test_the_ocm_reads_the_pages_but_cannot_post(client, world):
    for method, url in page_routes(world):
        client.force_login(world.ocm)
        response = getattr(client, method)(url)
        if method == "get" and not url.endswith("/new/"):
            assert response.status_code == 200, url
        elif "calendar" not in url:
            assert response.status_code == 403, url


def test_the_focal_page_runs_the_same_queries_for_more_meetings(client, world):
    client.force_login(world.mssd_focal)
    few = query_count(client, "/meetings/mine/")
    meeting_series_generate(
        series=MaoSeriesFactory(fiscal_year=NEXT_YEAR + 1, mao=world.mssd), acting_user=world.staff
    )
    assert query_count(client, "/meetings/mine/") == few


def test_the_calendar_page_runs_the_same_queries_for_more_feeds(client, world):
    client.force_login(world.ocm)
    calendar_feed_create(acting_user=world.ocm, series=world.plenary)
    few = query_count(client, "/meetings/calendar/")
    for _ in range(3):
        calendar_feed_create(acting_user=world.ocm, organization=world.moh)
    assert query_count(client, "/meetings/calendar/") == few
