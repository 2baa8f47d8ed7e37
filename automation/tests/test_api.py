"""The automation API: permissions, bad input, MAO isolation and query counts, endpoint by endpoint."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from automation.models import CalendarFeedToken, MeetingReminder, PreMeetingReport, QuarterlyMeetingSeries
from automation.schedule import MANILA
from automation.services.calendars import calendar_feed_create
from automation.services.series import meeting_series_generate
from automation.tests.conftest import NEXT_YEAR
from automation.tests.factories import MaoSeriesFactory, mao_with_focal
from common.dates import next_working_day
from coordination.models import ActionItem, StakeholderEngagement
from tests.helpers import assert_error_shape, bearer

API = "/api/v1/internal/automation"


def call(api_client, method: str, url: str, user=None, data=None):
    headers = bearer(user) if user is not None else {}
    return getattr(api_client, method)(url, data=data, format="json", **headers)


def meeting_url(meeting, action: str = "") -> str:
    return f"{API}/meetings/{meeting.uid}/{action + '/' if action else ''}"


# --- Generation --------------------------------------------------------------------------------


def test_staff_generate_a_fiscal_year_and_generating_again_creates_nothing(api_client, world):
    first = call(
        api_client, "post", f"{API}/quarterly-meetings/generate/", world.staff, {"fiscal_year": NEXT_YEAR + 1}
    )
    again = call(
        api_client, "post", f"{API}/quarterly-meetings/generate/", world.staff, {"fiscal_year": NEXT_YEAR + 1}
    )
    assert first.status_code == 200 and first.json()["created"] == 12
    assert again.status_code == 200 and again.json()["created"] == 0


def test_staff_generate_one_series(api_client, world):
    series = MaoSeriesFactory(fiscal_year=NEXT_YEAR + 1, mao=world.mssd)
    response = call(
        api_client, "post", f"{API}/quarterly-meetings/generate/", world.staff, {"series": str(series.uid)}
    )
    assert response.status_code == 200 and response.json()["created"] == 4


@pytest.mark.parametrize(("persona", "status"), [("focal", 403), ("ocm", 403), ("leader", 403), (None, 401)])
def test_only_oobc_staff_generate(api_client, world, persona, status):
    user = world.user(persona) if persona else None
    response = call(
        api_client, "post", f"{API}/quarterly-meetings/generate/", user, {"fiscal_year": NEXT_YEAR + 1}
    )
    assert_error_shape(response, status)
    assert not QuarterlyMeetingSeries.objects.filter(fiscal_year=NEXT_YEAR + 1).exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "fiscal_year"),
        ({"fiscal_year": 1999}, "fiscal_year"),
        ({"fiscal_year": "soon"}, "fiscal_year"),
        ({"series": "not-a-uuid"}, "series"),
    ],
)
def test_generating_with_bad_input_names_the_field_and_writes_nothing(api_client, world, payload, field):
    before = StakeholderEngagement.objects.count()
    response = call(api_client, "post", f"{API}/quarterly-meetings/generate/", world.staff, payload)
    assert_error_shape(response, 400, field=field)
    assert StakeholderEngagement.objects.count() == before


def test_a_focal_person_is_refused_before_any_series_is_looked_up(api_client, world):
    response = call(
        api_client,
        "post",
        f"{API}/quarterly-meetings/generate/",
        world.mssd_focal,
        {"series": str(world.moh_series.uid)},
    )
    assert_error_shape(response, 403)


# --- Meeting list and detail ---------------------------------------------------------------------


def test_staff_list_every_generated_meeting_with_filters(api_client, world):
    url = f"{API}/quarterly-meetings/"
    assert call(api_client, "get", url, world.staff).json()["count"] == 12
    assert call(api_client, "get", f"{url}?quarter=2", world.staff).json()["count"] == 3
    by_series = call(api_client, "get", f"{url}?series={world.mssd_series.uid}", world.staff).json()
    assert by_series["count"] == 4 and by_series["results"][0]["series"]["mao"]["acronym"] == "MSSD"
    assert call(api_client, "get", f"{url}?mao={world.moh.uid}", world.ocm).json()["count"] == 8


def test_a_focal_person_lists_only_the_meetings_of_their_mao(api_client, world):
    body = call(api_client, "get", f"{API}/quarterly-meetings/", world.mssd_focal).json()
    titles = {row["series"]["title"] for row in body["results"]}
    assert body["count"] == 8 and titles == {"OCM–MAO plenary", "OCM–MSSD meeting"}


def test_a_bad_list_filter_is_a_400_naming_it(api_client, world):
    assert_error_shape(
        call(api_client, "get", f"{API}/quarterly-meetings/?quarter=first", world.staff), 400, "quarter"
    )


@pytest.mark.parametrize(("persona", "status"), [("leader", 403), (None, 401)])
def test_the_meeting_list_is_closed_to_roles_without_meetings(api_client, world, persona, status):
    assert_error_shape(
        call(api_client, "get", f"{API}/quarterly-meetings/", world.user(persona) if persona else None),
        status,
    )


def test_the_meeting_list_runs_the_same_queries_for_more_meetings(
    api_client, world, django_assert_max_num_queries
):
    url = f"{API}/quarterly-meetings/?page_size=100"
    call(api_client, "get", url, world.staff)  # warm up (content types, user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        call(api_client, "get", url, world.staff)
    for _ in range(3):
        mao, _ = mao_with_focal()
        meeting_series_generate(
            series=MaoSeriesFactory(fiscal_year=NEXT_YEAR, mao=mao), acting_user=world.staff
        )
    with CaptureQueriesContext(connection) as many:
        assert call(api_client, "get", url, world.staff).json()["count"] == 24
    assert len(many) == len(few)


def test_the_meeting_page_data_has_participants_action_items_and_reports(api_client, world):
    body = call(api_client, "get", meeting_url(world.meeting(world.plenary)), world.staff).json()
    assert {p["organization"]["acronym"] for p in body["participants"]} == {"MSSD", "MOH"}
    assert body["action_items"] == [] and body["reports"] == [] and body["report_deadline"]


@pytest.mark.parametrize(("persona", "acronyms"), [("focal", {"MSSD"}), ("staff", {"MSSD", "MOH"})])
def test_a_plenarys_participants_follow_the_engagement_rule_on_every_path(
    api_client, client, world, persona, acronyms
):
    """The plenary is every MAO's meeting, but its participants are people: a focal person
    sees their own MAO's only, on the meeting API and page exactly as on the engagement API."""
    meeting = world.meeting(world.plenary)
    user = world.user(persona)
    engagement_api = call(
        api_client, "get", f"/api/v1/internal/engagements/{meeting.uid}/participants/", user
    ).json()["results"]
    meeting_api = call(api_client, "get", meeting_url(meeting), user).json()["participants"]
    client.force_login(user)
    page = client.get(reverse("automation:meeting", args=[meeting.uid])).context["participants"]
    by_engagement = {p["uid"] for p in engagement_api}
    assert {p["organization"]["acronym"] for p in meeting_api} == acronyms
    assert {p["uid"] for p in meeting_api} == by_engagement
    assert {str(p.uid) for p in page} == by_engagement


def test_another_maos_meeting_is_404_for_a_focal_person_everywhere(api_client, world):
    meeting = world.meeting(world.moh_series)
    user = world.mssd_focal
    assert_error_shape(call(api_client, "get", meeting_url(meeting), user), 404)
    assert_error_shape(call(api_client, "patch", meeting_url(meeting), user, {"agenda": "x"}), 404)
    for action in ("reschedule", "cancel", "complete", "send-reminders", "minutes", "action-items", "report"):
        assert_error_shape(call(api_client, "post", meeting_url(meeting, action), user, {}), 404)


def test_draft_minutes_are_hidden_from_focal_persons(api_client, world):
    meeting = world.meeting(world.plenary)
    call(
        api_client,
        "post",
        meeting_url(meeting, "minutes"),
        world.staff,
        {"action": "save", "minutes": "Draft text"},
    )
    assert call(api_client, "get", meeting_url(meeting), world.mssd_focal).json()["minutes"] == ""
    assert call(api_client, "get", meeting_url(meeting), world.staff).json()["minutes"] == "Draft text"


# --- Meeting writes --------------------------------------------------------------------------------


def test_staff_change_the_agenda(api_client, world):
    meeting = world.meeting(world.plenary)
    response = call(api_client, "patch", meeting_url(meeting), world.staff, {"agenda": "1. Reports"})
    assert response.status_code == 200 and response.json()["agenda"] == "1. Reports"


def test_a_bad_link_is_refused_and_nothing_changes(api_client, world):
    meeting = world.meeting(world.plenary)
    assert_error_shape(
        call(api_client, "patch", meeting_url(meeting), world.staff, {"online_link": "not a url"}),
        400,
        "online_link",
    )
    meeting.refresh_from_db()
    assert meeting.online_link == ""


@pytest.mark.parametrize("persona", ["focal", "ocm"])
def test_focal_persons_and_the_ocm_cannot_change_a_meeting(api_client, world, persona):
    meeting = world.meeting(world.plenary)
    assert_error_shape(
        call(api_client, "patch", meeting_url(meeting), world.user(persona), {"agenda": "x"}), 403
    )
    for action in ("cancel", "send-reminders"):
        assert_error_shape(call(api_client, "post", meeting_url(meeting, action), world.user(persona)), 403)
    meeting.refresh_from_db()
    assert meeting.status == "scheduled" and meeting.agenda != "x"


def test_staff_move_a_meeting_and_its_reminders_follow(api_client, world):
    meeting = world.meeting(world.plenary)
    day = next_working_day(
        timezone.localtime(meeting.planned_start, MANILA).date() + datetime.timedelta(days=14)
    )
    start = datetime.datetime.combine(day, datetime.time(10), tzinfo=MANILA)
    response = call(
        api_client,
        "post",
        meeting_url(meeting, "reschedule"),
        world.staff,
        {"planned_start": start.isoformat()},
    )
    assert response.status_code == 200
    week_before = MeetingReminder.objects.get(
        engagement=meeting, channel="email", offset_minutes=7 * 24 * 60, participant__organization=world.mssd
    )
    assert week_before.due_at == start - datetime.timedelta(days=7)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "planned_start"),
        ({"planned_start": "tomorrow"}, "planned_start"),
        ({"planned_start": "2020-01-06T09:00:00+08:00"}, "planned_start"),
        ({"planned_start": "9999-12-31T10:00:00+08:00"}, "planned_start"),  # was an OverflowError
        ({"planned_start": "2150-12-30T10:00:00+08:00"}, "planned_start"),  # beyond any fiscal year
        ({"planned_start": f"{NEXT_YEAR}-06-12T09:00:00+08:00"}, "planned_start"),  # Independence Day
        (
            {
                "planned_start": f"{NEXT_YEAR}-06-14T09:00:00+08:00",
                "planned_end": f"{NEXT_YEAR}-06-14T08:00:00+08:00",
            },
            "planned_end",
        ),
    ],
)
def test_moving_with_bad_input_names_the_field_and_changes_nothing(api_client, world, payload, field):
    meeting = world.meeting(world.plenary, 2)
    response = call(api_client, "post", meeting_url(meeting, "reschedule"), world.staff, payload)
    assert_error_shape(response, 400, field=field)
    before = meeting.planned_start
    meeting.refresh_from_db()
    assert meeting.planned_start == before


def test_cancelling_then_completing_or_reminding_is_refused(api_client, world):
    meeting = world.meeting(world.plenary)
    cancelled = call(api_client, "post", meeting_url(meeting, "cancel"), world.staff, {"reason": "Typhoon."})
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["cancellation_reason"] == "Typhoon."
    assert_error_shape(call(api_client, "post", meeting_url(meeting, "complete"), world.staff), 400)
    assert_error_shape(call(api_client, "post", meeting_url(meeting, "send-reminders"), world.staff), 400)
    assert not MeetingReminder.objects.filter(engagement=meeting, status="pending").exists()


def test_cancelling_without_a_reason_is_a_400_naming_the_reason(api_client, world):
    meeting = world.meeting(world.plenary)
    response = call(api_client, "post", meeting_url(meeting, "cancel"), world.staff, {"reason": ""})
    assert response.status_code == 400
    assert "reason" in response.json()["extra"]["fields"]
    meeting.refresh_from_db()
    assert meeting.status != "cancelled"


def test_a_cancelled_meeting_is_reinstated_through_the_api(api_client, world):
    meeting = world.meeting(world.plenary)
    call(api_client, "post", meeting_url(meeting, "cancel"), world.staff, {"reason": "Typhoon."})
    response = call(api_client, "post", meeting_url(meeting, "reinstate"), world.staff)
    assert response.status_code == 200 and response.json()["status"] == "scheduled"
    assert call(api_client, "post", meeting_url(meeting, "reinstate"), world.ocm).status_code == 403


def test_a_future_meeting_cannot_be_marked_held(api_client, world):
    assert_error_shape(
        call(api_client, "post", meeting_url(world.meeting(world.plenary), "complete"), world.staff), 400
    )


def test_staff_send_reminders_now(api_client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            api_client, "post", meeting_url(world.meeting(world.plenary), "send-reminders"), world.staff
        )
    assert response.status_code == 202 and response.json() == {"queued": 4}
    assert MeetingReminder.objects.filter(kind="manual", status="sent").count() == 4


def test_minutes_move_through_their_states(api_client, world):
    url = meeting_url(world.meeting(world.plenary), "minutes")
    call(api_client, "post", url, world.staff, {"action": "save", "minutes": "We met."})
    call(api_client, "post", url, world.staff, {"action": "circulate"})
    approved = call(api_client, "post", url, world.executive, {"action": "approve"}).json()
    assert approved["minutes_status"] == "approved" and approved["minutes_approved_at"]
    assert approved["minutes_approved_by"] == world.executive.get_full_name()


@pytest.mark.parametrize(("payload", "field"), [({}, "action"), ({"action": "publish"}, "action")])
def test_bad_minutes_input_names_the_field(api_client, world, payload, field):
    response = call(
        api_client, "post", meeting_url(world.meeting(world.plenary), "minutes"), world.staff, payload
    )
    assert_error_shape(response, 400, field=field)


def test_approving_minutes_that_were_not_circulated_is_refused(api_client, world):
    url = meeting_url(world.meeting(world.plenary), "minutes")
    call(api_client, "post", url, world.staff, {"action": "save", "minutes": "We met."})
    assert_error_shape(call(api_client, "post", url, world.staff, {"action": "approve"}), 400, "action")


def test_focal_persons_cannot_write_minutes(api_client, world):
    url = meeting_url(world.meeting(world.plenary), "minutes")
    assert_error_shape(
        call(api_client, "post", url, world.mssd_focal, {"action": "save", "minutes": "x"}), 403
    )


# --- Action items and participants --------------------------------------------------------------


def test_staff_add_and_close_an_action_item(api_client, world):
    meeting = world.meeting(world.plenary)
    created = call(
        api_client,
        "post",
        meeting_url(meeting, "action-items"),
        world.staff,
        {
            "description": "Send the list",
            "owner_organization": str(world.mssd.uid),
            "due_date": f"{NEXT_YEAR}-03-31",
        },
    )
    assert created.status_code == 201 and created.json()["owner_organization"]["acronym"] == "MSSD"
    done = call(
        api_client, "patch", f"{API}/action-items/{created.json()['uid']}/", world.staff, {"status": "done"}
    )
    assert done.status_code == 200 and done.json()["status"] == "done"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (
            {"owner_organization": "00000000-0000-0000-0000-000000000000", "description": "x"},
            "owner_organization",
        ),
        ({"description": "", "owner_organization": None}, "description"),
        ({"description": "x", "owner_organization": None, "due_date": "end of March"}, "due_date"),
    ],
)
def test_bad_action_items_name_the_field_and_write_nothing(api_client, world, payload, field):
    if payload.get("owner_organization") is None:
        payload["owner_organization"] = str(world.mssd.uid)
    response = call(
        api_client, "post", meeting_url(world.meeting(world.plenary), "action-items"), world.staff, payload
    )
    assert_error_shape(response, 400, field=field)
    assert not ActionItem.objects.exists()


def test_action_items_are_for_staff_and_another_maos_is_404(api_client, world):
    item = ActionItem.objects.create(
        engagement=world.meeting(world.plenary), description="x", owner_organization=world.moh
    )
    url = f"{API}/action-items/{item.uid}/"
    assert_error_shape(call(api_client, "patch", url, world.mssd_focal, {"status": "done"}), 404)
    assert_error_shape(call(api_client, "patch", url, world.moh_focal, {"status": "done"}), 403)
    assert_error_shape(call(api_client, "patch", url, world.staff, {"status": "finished"}), 400, "status")
    item.refresh_from_db()
    assert item.status == "open"


def test_a_focal_person_answers_the_rsvp_of_their_own_mao(api_client, world):
    meeting = world.meeting(world.plenary)
    mine = meeting.participants.get(organization=world.mssd)
    theirs = meeting.participants.get(organization=world.moh)
    response = call(
        api_client, "patch", f"{API}/participants/{mine.uid}/", world.mssd_focal, {"rsvp": "accepted"}
    )
    assert response.status_code == 200 and response.json()["rsvp"] == "accepted"
    assert_error_shape(
        call(
            api_client, "patch", f"{API}/participants/{theirs.uid}/", world.mssd_focal, {"rsvp": "declined"}
        ),
        404,
    )
    assert_error_shape(
        call(api_client, "patch", f"{API}/participants/{mine.uid}/", world.ocm, {"rsvp": "declined"}), 403
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [({}, "rsvp"), ({"rsvp": "maybe-later"}, "rsvp"), ({"attendance": "late"}, "attendance")],
)
def test_bad_rsvp_input_names_the_field(api_client, world, payload, field):
    participant = world.meeting(world.plenary).participants.get(organization=world.mssd)
    response = call(api_client, "patch", f"{API}/participants/{participant.uid}/", world.staff, payload)
    assert_error_shape(response, 400, field=field)
    participant.refresh_from_db()
    assert (participant.rsvp, participant.attendance) == ("pending", "unknown")


# --- Pre-meeting reports ---------------------------------------------------------------------------


def test_a_focal_person_prepares_edits_and_submits_their_report(api_client, world):
    meeting = world.meeting(world.plenary)
    created = call(api_client, "post", meeting_url(meeting, "report"), world.mssd_focal)
    assert created.status_code == 201 and created.json()["organization"]["acronym"] == "MSSD"
    url = f"{API}/reports/{created.json()['uid']}/"
    assert (
        call(api_client, "patch", url, world.mssd_focal, {"plans": "Second cycle"}).json()["plans"]
        == "Second cycle"
    )
    assert call(api_client, "post", f"{url}refresh/", world.mssd_focal).status_code == 200
    submitted = call(api_client, "post", f"{url}submit/", world.mssd_focal).json()
    assert submitted["status"] == "submitted" and submitted["submitted_by"]
    assert_error_shape(call(api_client, "patch", url, world.mssd_focal, {"plans": "Changed"}), 400)


def test_staff_read_reports_but_do_not_write_them(api_client, world):
    meeting = world.meeting(world.plenary)
    assert_error_shape(call(api_client, "post", meeting_url(meeting, "report"), world.staff), 403)
    uid = call(api_client, "post", meeting_url(meeting, "report"), world.mssd_focal).json()["uid"]
    assert call(api_client, "get", f"{API}/reports/{uid}/", world.staff).status_code == 200
    assert_error_shape(call(api_client, "patch", f"{API}/reports/{uid}/", world.staff, {"plans": "x"}), 403)


def test_another_maos_report_is_404_and_the_list_holds_only_mine(api_client, world):
    meeting = world.meeting(world.plenary)
    mine = call(api_client, "post", meeting_url(meeting, "report"), world.mssd_focal).json()["uid"]
    theirs = call(api_client, "post", meeting_url(meeting, "report"), world.moh_focal).json()["uid"]
    listed = call(api_client, "get", f"{API}/reports/", world.mssd_focal).json()
    assert [row["uid"] for row in listed["results"]] == [mine]
    assert call(api_client, "get", f"{API}/reports/", world.staff).json()["count"] == 2
    for method, suffix in (("get", ""), ("patch", ""), ("post", "submit/"), ("post", "refresh/")):
        assert_error_shape(
            call(api_client, method, f"{API}/reports/{theirs}/{suffix}", world.mssd_focal, {}), 404
        )


def test_bad_report_input_names_the_field(api_client, world):
    uid = call(
        api_client, "post", meeting_url(world.meeting(world.plenary), "report"), world.mssd_focal
    ).json()["uid"]
    response = call(api_client, "patch", f"{API}/reports/{uid}/", world.mssd_focal, {"plans": "x" * 20_001})
    assert_error_shape(response, 400, "plans")
    assert PreMeetingReport.objects.get(uid=uid).plans != "x" * 20_001


def test_the_report_list_runs_the_same_queries_for_more_reports(api_client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call(api_client, "post", meeting_url(world.meeting(world.plenary, 1), "report"), world.mssd_focal)
    with CaptureQueriesContext(connection) as few:
        call(api_client, "get", f"{API}/reports/", world.staff)
    for quarter in (2, 3, 4):
        call(
            api_client, "post", meeting_url(world.meeting(world.plenary, quarter), "report"), world.mssd_focal
        )
        call(
            api_client, "post", meeting_url(world.meeting(world.plenary, quarter), "report"), world.moh_focal
        )
    with CaptureQueriesContext(connection) as many:
        assert call(api_client, "get", f"{API}/reports/", world.staff).json()["count"] == 7
    assert len(many) == len(few)


# --- Series ----------------------------------------------------------------------------------------


def test_series_are_listed_as_the_user_may_see_them(api_client, world):
    assert call(api_client, "get", f"{API}/series/", world.staff).json()["count"] == 3
    mine = call(api_client, "get", f"{API}/series/", world.mssd_focal).json()
    assert {row["title"] for row in mine["results"]} == {"OCM–MAO plenary", "OCM–MSSD meeting"}
    assert mine["results"][0]["description"].endswith("Asia/Manila")
    assert_error_shape(
        call(api_client, "get", f"{API}/series/{world.moh_series.uid}/", world.mssd_focal), 404
    )


def test_staff_create_and_change_a_series(api_client, world):
    other, _ = mao_with_focal(acronym="MAFAR")
    created = call(
        api_client,
        "post",
        f"{API}/series/",
        world.staff,
        {
            "fiscal_year": NEXT_YEAR,
            "scope": "mao",
            "mao": str(other.uid),
            "weekday": 2,
            "reminder_offsets": [2880, 60],
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["title"] == "OCM–MAFAR quarterly coordination meeting"
    assert created.json()["reminder_offsets"] == [2880, 60]
    changed = call(
        api_client, "patch", f"{API}/series/{created.json()['uid']}/", world.staff, {"venue": "MAFAR Hall"}
    )
    assert changed.json()["venue"] == "MAFAR Hall"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"fiscal_year": NEXT_YEAR, "scope": "mao"}, "mao"),
        ({"fiscal_year": NEXT_YEAR, "scope": "regional"}, "scope"),
        ({"fiscal_year": NEXT_YEAR + 1, "scope": "plenary", "weekday": 6}, "weekday"),
        ({"fiscal_year": NEXT_YEAR + 1, "scope": "plenary", "reminder_offsets": [1]}, "reminder_offsets"),
        ({"fiscal_year": NEXT_YEAR, "scope": "plenary"}, None),  # one plenary a year
    ],
)
def test_bad_series_input_is_refused_and_nothing_is_written(api_client, world, payload, field):
    response = call(api_client, "post", f"{API}/series/", world.staff, payload)
    assert_error_shape(response, 400, field=field)
    assert QuarterlyMeetingSeries.objects.count() == 3


@pytest.mark.parametrize("persona", ["focal", "ocm"])
def test_only_staff_create_or_change_series(api_client, world, persona):
    user = world.user(persona)
    assert_error_shape(
        call(api_client, "post", f"{API}/series/", user, {"fiscal_year": NEXT_YEAR + 1, "scope": "plenary"}),
        403,
    )
    assert_error_shape(
        call(api_client, "patch", f"{API}/series/{world.plenary.uid}/", user, {"venue": "x"}), 403
    )
    assert QuarterlyMeetingSeries.objects.count() == 3


def test_the_series_list_runs_the_same_queries_for_more_series(api_client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        call(api_client, "get", f"{API}/series/", world.staff)
    for _ in range(4):
        MaoSeriesFactory(fiscal_year=NEXT_YEAR)
    with CaptureQueriesContext(connection) as many:
        assert call(api_client, "get", f"{API}/series/", world.staff).json()["count"] == 7
    assert len(many) == len(few)


# --- Calendar subscriptions ----------------------------------------------------------------------


def test_the_ocm_subscribes_to_a_series_and_revokes_it(api_client, world, client):
    created = call(
        api_client, "post", f"{API}/calendar-feeds/", world.ocm, {"series": str(world.plenary.uid)}
    )
    assert created.status_code == 201
    url = created.json()["url"]
    assert client.get(url).status_code == 200
    assert [
        row["uid"] for row in call(api_client, "get", f"{API}/calendar-feeds/", world.ocm).json()["results"]
    ] == [created.json()["uid"]]
    assert call(api_client, "get", f"{API}/calendar-feeds/", world.staff).json()["count"] == 0
    assert_error_shape(
        call(api_client, "post", f"{API}/calendar-feeds/{created.json()['uid']}/revoke/", world.staff), 404
    )
    assert (
        call(
            api_client, "post", f"{API}/calendar-feeds/{created.json()['uid']}/revoke/", world.ocm
        ).status_code
        == 200
    )
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "series"),
        ({"organization": "00000000-0000-0000-0000-000000000000"}, "organization"),
        ({"series": "x"}, "series"),
    ],
)
def test_bad_subscription_input_names_the_field(api_client, world, payload, field):
    assert_error_shape(call(api_client, "post", f"{API}/calendar-feeds/", world.staff, payload), 400, field)
    assert not CalendarFeedToken.objects.exists()


def test_a_focal_person_cannot_subscribe_to_another_maos_calendar(api_client, world):
    response = call(
        api_client, "post", f"{API}/calendar-feeds/", world.mssd_focal, {"series": str(world.moh_series.uid)}
    )
    assert_error_shape(response, 404)
    response = call(
        api_client, "post", f"{API}/calendar-feeds/", world.mssd_focal, {"organization": str(world.moh.uid)}
    )
    assert_error_shape(response, 400, "organization")
    assert not CalendarFeedToken.objects.exists()


def test_a_community_leader_has_no_calendar(api_client, world):
    assert_error_shape(
        call(api_client, "post", f"{API}/calendar-feeds/", world.leader, {"series": str(world.plenary.uid)}),
        403,
    )


def test_routes_resolve_by_name():
    assert reverse("api-internal:automation-generate") == f"{API}/quarterly-meetings/generate/"


# --- Every endpoint, every outsider ------------------------------------------------------------------


def endpoints(world) -> list[tuple[str, str]]:
    meeting = world.meeting(world.plenary)
    participant = meeting.participants.first()
    item = ActionItem.objects.create(engagement=meeting, description="x", owner_organization=world.mssd)
    report = PreMeetingReport.objects.create(engagement=meeting, organization=world.mssd)
    feed, _ = calendar_feed_create(acting_user=world.staff, series=world.plenary)
    return [
        ("get", f"{API}/series/"),
        ("post", f"{API}/series/"),
        ("get", f"{API}/series/{world.plenary.uid}/"),
        ("patch", f"{API}/series/{world.plenary.uid}/"),
        ("post", f"{API}/quarterly-meetings/generate/"),
        ("get", f"{API}/quarterly-meetings/"),
        ("get", meeting_url(meeting)),
        ("patch", meeting_url(meeting)),
        *[
            ("post", meeting_url(meeting, action))
            for action in (
                "reschedule",
                "cancel",
                "complete",
                "send-reminders",
                "minutes",
                "action-items",
                "report",
            )
        ],
        ("patch", f"{API}/action-items/{item.uid}/"),
        ("patch", f"{API}/participants/{participant.uid}/"),
        ("get", f"{API}/reports/"),
        ("get", f"{API}/reports/{report.uid}/"),
        ("patch", f"{API}/reports/{report.uid}/"),
        ("post", f"{API}/reports/{report.uid}/refresh/"),
        ("post", f"{API}/reports/{report.uid}/submit/"),
        ("get", f"{API}/calendar-feeds/"),
        ("post", f"{API}/calendar-feeds/"),
        ("post", f"{API}/calendar-feeds/{feed.uid}/revoke/"),
    ]


def test_every_endpoint_refuses_anonymous_callers_and_community_leaders(api_client, world):
    for method, url in endpoints(world):
        assert_error_shape(call(api_client, method, url, None, {}), 401)
        assert_error_shape(call(api_client, method, url, world.leader, {}), 403)
    assert world.meeting(world.plenary).status == "scheduled"


def test_the_ocm_reads_everything_and_writes_nothing_but_its_calendars(api_client, world):
    for method, url in endpoints(world):
        response = call(api_client, method, url, world.ocm, {})
        if method == "get":
            assert response.status_code == 200, url
        elif "calendar-feeds" in url:
            assert response.status_code in (200, 400, 404), url  # its own subscriptions only
        else:
            assert_error_shape(response, 403)


@pytest.mark.parametrize("action", ["reschedule", "complete", "minutes", "action-items"])
def test_a_focal_person_cannot_run_their_own_maos_meeting(api_client, world, action):
    meeting = world.meeting(world.mssd_series)
    assert_error_shape(call(api_client, "post", meeting_url(meeting, action), world.mssd_focal, {}), 403)


def test_a_bad_series_change_names_the_field(api_client, world):
    response = call(api_client, "patch", f"{API}/series/{world.plenary.uid}/", world.staff, {"weekday": 9})
    assert_error_shape(response, 400, "weekday")
    world.plenary.refresh_from_db()
    assert world.plenary.weekday == 1


def test_a_bad_report_filter_is_a_400(api_client, world):
    assert_error_shape(call(api_client, "get", f"{API}/reports/?status=lost", world.staff), 400, "status")


def test_the_calendar_list_runs_the_same_queries_for_more_feeds(api_client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    calendar_feed_create(acting_user=world.ocm, series=world.plenary)
    with CaptureQueriesContext(connection) as few:
        call(api_client, "get", f"{API}/calendar-feeds/", world.ocm)
    for _ in range(3):
        calendar_feed_create(acting_user=world.ocm, organization=world.moh)
    with CaptureQueriesContext(connection) as many:
        assert call(api_client, "get", f"{API}/calendar-feeds/", world.ocm).json()["count"] == 4
    assert len(many) == len(few)
