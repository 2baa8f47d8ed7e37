"""When scheduled reports fall due, and what the sweeper and the demo leave behind."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from automation.models import SeriesMeeting
from automation.services.series import meeting_series_generate
from automation.tests.factories import SeriesFactory, mao_with_focal
from common.dates import is_working_day
from reporting.models import Frequency, GeneratedReport, ReportSchedule, ReportStatus
from reporting.periods import latest_due, next_due
from reporting.services.reports import report_request, reports_requeue_stale
from reporting.services.schedules import schedule_create, schedules_run
from reporting.tests.factories import FY, staff_user, two_maos_with_ppas

pytestmark = pytest.mark.django_db


def schedule(frequency, offset, kind="ocm_brief", **parameters) -> ReportSchedule:
    made = schedule_create(
        acting_user=staff_user(),
        kind=kind,
        name=f"{kind} {frequency}",
        frequency=frequency,
        offset_days=offset,
        formats=["pdf"],
        recipients=[],
        parameters=parameters,
    )
    made.starts_on = date(2024, 1, 1)
    made.save()
    return made


def test_monthly_reports_fall_due_on_a_working_day_after_the_month():
    monthly = schedule(Frequency.MONTHLY, 3, kind="mao_quarterly")
    period = latest_due(monthly, date(2026, 3, 20))
    assert period.key == "2026-02" and period.quarter == 1
    assert date(2026, 3, 4) <= period.due_on <= date(2026, 3, 6) and is_working_day(period.due_on)


def test_yearly_reports_skip_the_new_year_holidays():
    yearly = schedule(Frequency.YEARLY, 2)
    period = latest_due(yearly, date(2026, 2, 1))
    assert period.key == "2025" and period.quarter is None
    assert is_working_day(period.due_on) and period.due_on > date(2026, 1, 2)
    assert latest_due(yearly, date(2025, 12, 31)).key == "2024"


def test_a_meeting_pack_falls_due_n_days_before_each_meeting_and_not_after_it():
    staff = staff_user()
    mao_with_focal(acronym="MOH")
    series = SeriesFactory(fiscal_year=timezone.localdate().year + 1)
    meeting_series_generate(series=series, acting_user=staff)
    pack = schedule(Frequency.BEFORE_MEETING, 7, kind="meeting_pack")
    meeting = SeriesMeeting.objects.get(series=series, quarter=1).engagement
    day = timezone.localtime(meeting.planned_start).date()
    assert latest_due(pack, day - timedelta(days=8)) is None
    due = latest_due(pack, day - timedelta(days=7))
    assert due.key == f"meeting-{meeting.uid}" and due.quarter == 1 and due.fiscal_year == series.fiscal_year
    assert latest_due(pack, day + timedelta(days=1)) is None
    assert next_due(pack, day - timedelta(days=30)).key == f"meeting-{meeting.uid}"


def test_runs_missed_while_the_system_was_down_are_caught_up_once(
    django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    two_maos_with_ppas()
    quarterly = schedule(Frequency.QUARTERLY, 5)
    # Down from October to late January: Q3 and Q4 went unsent; the next run sends the
    # latest period once, and the runs after it send nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert schedules_run(today=date(2026, 1, 28)) == 1
        assert schedules_run(today=date(2026, 1, 29)) == 0
        assert schedules_run(today=date(2026, 2, 28)) == 0
    assert list(GeneratedReport.objects.values_list("period", flat=True)) == ["2025-Q4"]
    quarterly.refresh_from_db()
    assert quarterly.last_period == "2025-Q4"


def test_the_sweeper_queues_again_what_a_dead_worker_left_running(
    django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    two_maos_with_ppas()
    report = report_request(
        acting_user=staff_user(), kind="mao_quarterly", file_format="xlsx", parameters={"fiscal_year": FY}
    )
    stopped = timezone.now() - timedelta(minutes=20)
    GeneratedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, attempts=1, heartbeat_at=stopped, started_at=stopped
    )
    fresh = report_request(
        acting_user=staff_user(), kind="mao_quarterly", file_format="pdf", parameters={"fiscal_year": FY}
    )
    GeneratedReport.objects.filter(pk=fresh.pk).update(
        status=ReportStatus.RUNNING, heartbeat_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reports_requeue_stale() == 1
    report.refresh_from_db()
    fresh.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.attempts == 2
    assert fresh.status == ReportStatus.RUNNING  # alive elsewhere: left alone


@pytest.mark.slow  # seeds the reporting demo and renders its files
def test_the_demo_seeds_a_schedule_per_kind_and_real_files_once(settings, tmp_path):
    from common.models import Community, Role
    from common.tests.factories import UserFactory
    from reporting.demo import reporting_demo_seed

    settings.MEDIA_ROOT = tmp_path
    mao_a, _, _ = two_maos_with_ppas()
    mao_a.acronym = "MOH"
    mao_a.save()
    UserFactory(username="staff", role=Role.OOBC_STAFF)
    UserFactory(username="focal_moh", role=Role.MAO_FOCAL, organization=mao_a)
    assert Community.objects.exists()
    reporting_demo_seed()
    assert set(ReportSchedule.objects.values_list("template__kind", flat=True)) == {
        "mao_quarterly",
        "ocm_brief",
        "meeting_pack",
        "charter_performance",
        "community_profile",
    }
    reports = GeneratedReport.objects.all()
    assert reports.count() == 6 and set(reports.values_list("status", flat=True)) == {ReportStatus.DONE}
    assert {"pdf", "xlsx", "docx"} == set(reports.values_list("format", flat=True))
    reporting_demo_seed()
    assert GeneratedReport.objects.count() == 6 and ReportSchedule.objects.count() == 5
