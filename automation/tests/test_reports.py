"""Pre-meeting reports: prefilled from the MAO's PPAs, submitted by its focal person on time."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from automation.models import PreMeetingReport, ReportStatus
from automation.schedule import MANILA, working_days_before
from automation.selectors import pending_reports, report_deadline
from automation.services.reports import (
    pre_meeting_report_prepare,
    pre_meeting_report_refresh,
    pre_meeting_report_submit,
    pre_meeting_report_update,
)
from automation.services.series import meeting_series_generate
from automation.tests.factories import SeriesFactory, mao_with_focal
from common.errors import ApplicationError
from common.models import Role
from common.tests.factories import UserFactory
from coordination.models import StakeholderEngagement
from monitoring.tests.factories import PpaFactory, UpdateFactory

pytestmark = pytest.mark.django_db
NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def setting():
    """Next year's Q1 plenary of two MAOs; the first MAO has PPAs."""
    mao, focal = mao_with_focal(acronym="MSSD")
    mao_with_focal(acronym="MOH")
    series = SeriesFactory(fiscal_year=NEXT_YEAR)
    meeting_series_generate(series=series, acting_user=UserFactory(role=Role.OOBC_STAFF))
    meeting = series.meetings.get(quarter=1).engagement
    return meeting, mao, focal.user


def test_the_report_is_prefilled_from_the_maos_ppas_of_the_fiscal_year(setting):
    meeting, mao, user = setting
    feeding = PpaFactory(
        implementing_mao=mao,
        fiscal_year=NEXT_YEAR,
        budget_allocated=2_000_000,
        budget_utilized=500_000,
        beneficiaries_individuals=300,
        beneficiaries_households=60,
        title="Supplementary feeding",
    )
    UpdateFactory(entry=feeding, reported_on=date(NEXT_YEAR, 1, 5), accomplishments="Old news.")
    UpdateFactory(
        entry=feeding,
        reported_on=date(NEXT_YEAR, 2, 5),
        accomplishments="Fed 300 children.",
        challenges="Late delivery.",
        next_steps="Second cycle.",
    )
    PpaFactory(
        implementing_mao=mao,
        fiscal_year=NEXT_YEAR,
        budget_allocated=1_000_000,
        beneficiaries_individuals=100,
        beneficiaries_households=None,
    )
    PpaFactory(
        implementing_mao=mao,
        fiscal_year=NEXT_YEAR - 1,
        status="ongoing",
        budget_allocated=5,
        budget_utilized=0,
    )  # multi-year
    PpaFactory(implementing_mao=mao, fiscal_year=NEXT_YEAR - 1, status="completed")  # an earlier year's
    PpaFactory(implementing_mao=mao, fiscal_year=NEXT_YEAR, status="cancelled")
    PpaFactory(
        implementing_mao=mao, fiscal_year=NEXT_YEAR, category="obc_request", request_status="submitted"
    )
    PpaFactory(fiscal_year=NEXT_YEAR)  # another MAO's
    report = pre_meeting_report_prepare(engagement=meeting, acting_user=user)
    assert report.organization == mao and report.status == ReportStatus.DRAFT
    assert report.ppa_count == 3
    assert report.budget_allocated == 3_000_005 and report.budget_utilized == 500_000 + 250_000
    assert (report.beneficiaries_individuals, report.beneficiaries_households) == (900, 160)
    assert "Supplementary feeding: Fed 300 children." in report.accomplishments
    assert "Old news" not in report.accomplishments
    assert report.challenges == "• Supplementary feeding: Late delivery."
    assert report.plans == "• Supplementary feeding: Second cycle."
    assert {ppa["title"] for ppa in report.ppas} >= {"Supplementary feeding"}


def test_preparing_twice_returns_the_same_report(setting):
    meeting, _, user = setting
    first = pre_meeting_report_prepare(engagement=meeting, acting_user=user)
    assert pre_meeting_report_prepare(engagement=meeting, acting_user=user) == first
    assert PreMeetingReport.objects.count() == 1


def test_the_focal_person_completes_and_submits_the_report(setting):
    meeting, _, user = setting
    report = pre_meeting_report_prepare(engagement=meeting, acting_user=user)
    pre_meeting_report_update(report=report, acting_user=user, challenges="Roads cut by floods.", submit=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == user
    assert report.challenges == "Roads cut by floods." and report.submitted_at is not None
    with pytest.raises(ApplicationError):
        pre_meeting_report_update(report=report, acting_user=user, plans="Too late to change")


def test_an_empty_report_cannot_be_submitted(setting):
    meeting, _, user = setting
    report = pre_meeting_report_prepare(engagement=meeting, acting_user=user)
    with pytest.raises(ApplicationError):
        pre_meeting_report_submit(report=report, acting_user=user)


def test_refreshing_takes_the_figures_again_and_keeps_the_texts(setting):
    meeting, mao, user = setting
    report = pre_meeting_report_prepare(engagement=meeting, acting_user=user)
    pre_meeting_report_update(report=report, acting_user=user, plans="Our own plans")
    PpaFactory(implementing_mao=mao, fiscal_year=NEXT_YEAR)
    pre_meeting_report_refresh(report=report, acting_user=user)
    report.refresh_from_db()
    assert report.ppa_count == 1 and report.plans == "Our own plans"


def test_the_deadline_is_three_working_days_before_the_meeting(setting):
    meeting, _, _ = setting
    day = timezone.localtime(meeting.planned_start, MANILA).date()
    assert report_deadline(meeting) == working_days_before(day, 3)


def test_nothing_is_accepted_after_the_deadline(setting):
    meeting, _, user = setting
    report = pre_meeting_report_prepare(engagement=meeting, acting_user=user)
    soon = timezone.now() + timedelta(days=1)
    StakeholderEngagement.objects.filter(pk=meeting.pk).update(
        planned_start=soon, planned_end=soon + timedelta(hours=2)
    )
    report.engagement.refresh_from_db()
    with pytest.raises(ApplicationError, match="deadline"):
        pre_meeting_report_update(report=report, acting_user=user, plans="Late", submit=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.plans == ""


@pytest.mark.parametrize("role", [Role.OOBC_STAFF, Role.OOBC_EXECUTIVE])
def test_staff_do_not_write_a_maos_report(setting, role):
    meeting, _, _ = setting
    with pytest.raises(PermissionDenied):
        pre_meeting_report_prepare(engagement=meeting, acting_user=UserFactory(role=role))


def test_a_focal_person_cannot_edit_another_maos_report(setting):
    meeting, _, user = setting
    report = pre_meeting_report_prepare(engagement=meeting, acting_user=user)
    other = meeting.participants.exclude(focal_person__user=user).get().focal_person.user
    with pytest.raises(PermissionDenied):
        pre_meeting_report_update(report=report, acting_user=other, plans="Not mine")


def test_a_maos_pending_reports_are_its_upcoming_meetings_not_yet_submitted(setting):
    meeting, _, user = setting
    pending = pending_reports(user=user)
    assert [item.meeting for item in pending][:1] == [meeting] and len(pending) == 4
    report = pre_meeting_report_prepare(engagement=meeting, acting_user=user)
    pre_meeting_report_update(report=report, acting_user=user, plans="Plans", submit=True)
    assert meeting not in [item.meeting for item in pending_reports(user=user)]
    assert pending_reports(user=UserFactory(role=Role.OOBC_STAFF)) == []
