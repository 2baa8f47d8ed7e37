import pytest
from django.utils import timezone

from automation.models import CalendarFeedToken, MeetingReminder, PreMeetingReport, QuarterlyMeetingSeries
from automation.services.calendars import calendar_feed_create
from automation.services.reports import pre_meeting_report_prepare
from automation.services.series import meeting_series_generate
from automation.tests.factories import SeriesFactory, mao_with_focal
from common.models import Role
from common.tests.factories import UserFactory
from common.tests.page_checks import admin_superuser, admin_url, changelist_query_count

MODELS = [QuarterlyMeetingSeries, MeetingReminder, PreMeetingReport, CalendarFeedToken]


def add_rows(count: int) -> None:
    staff = UserFactory(role=Role.OOBC_STAFF)
    for _ in range(count):
        _, focal = mao_with_focal()
        series = SeriesFactory(
            fiscal_year=timezone.localdate().year + 1 + QuarterlyMeetingSeries.objects.count()
        )
        meeting_series_generate(series=series, acting_user=staff)
        pre_meeting_report_prepare(
            engagement=series.meetings.get(quarter=1).engagement, acting_user=focal.user
        )
        calendar_feed_create(acting_user=staff, series=series)


@pytest.fixture
def admin_client(client, db):
    client.force_login(admin_superuser())
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_admin_pages_open_for_a_superuser(admin_client, model):
    add_rows(2)
    obj = model.objects.order_by("pk").first()
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "changelist") + "?q=a",
        admin_url(model, "change", obj.pk),
    ):
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_queries_do_not_grow_with_rows(admin_client, model):
    add_rows(2)
    few = changelist_query_count(admin_client, model)
    add_rows(4)
    assert changelist_query_count(admin_client, model) == few


@pytest.mark.parametrize("model", [MeetingReminder, CalendarFeedToken], ids=lambda model: model.__name__)
def test_reminders_and_tokens_are_not_added_by_hand(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 403
