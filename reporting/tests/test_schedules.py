"""Schedules: the fiscal calendar, recipients refused at scheduling time, an idempotent run,
deliveries by email (a signed link, never the file) and in-app notification."""

from datetime import date

import pytest
from django.core import mail

from common.errors import ApplicationError
from common.models import Notification
from reporting.models import DeliveryStatus, Frequency, GeneratedReport, ReportDelivery, ReportStatus
from reporting.periods import latest_due, next_due
from reporting.services.deliveries import download_token_read
from reporting.services.reports import report_generate
from reporting.services.schedules import schedule_create, schedule_update, schedules_run
from reporting.tests.factories import focal_user, staff_user, two_maos_with_ppas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def quarterly(user, mao, recipients, **fields):
    return schedule_create(
        acting_user=user,
        kind="mao_quarterly",
        name="MAS quarterly",
        frequency=fields.pop("frequency", Frequency.QUARTERLY),
        offset_days=fields.pop("offset_days", 5),
        formats=fields.pop("formats", ["xlsx"]),
        recipients=recipients,
        parameters={"mao": str(mao.uid)},
    )


def test_quarterly_reports_fall_due_n_working_days_after_the_quarter_skipping_holidays():
    mao_a, _, _ = two_maos_with_ppas()
    schedule = quarterly(staff_user(), mao_a, [])
    schedule.starts_on = date(2025, 1, 1)
    # Q4 2025 ends on Wednesday 31 December; 1 January is a holiday, 2 January a special
    # non-working day in 2026? The calendar decides: 5 working days later, never a weekend.
    period = latest_due(schedule, date(2026, 1, 31))
    assert period.key == "2025-Q4" and period.fiscal_year == 2025 and period.quarter == 4
    assert period.due_on.weekday() < 5 and date(2026, 1, 5) <= period.due_on <= date(2026, 1, 12)
    assert latest_due(schedule, period.due_on).key == "2025-Q4"
    assert latest_due(schedule, date(2026, 1, 2)).key == "2025-Q3"
    assert next_due(schedule, date(2026, 1, 2)).key == "2025-Q4"


def test_a_recipient_who_may_not_see_the_report_is_refused_when_scheduling():
    mao_a, mao_b, _ = two_maos_with_ppas()
    other_focal = focal_user(mao_b, first_name="Bea", last_name="Other")
    with pytest.raises(ApplicationError) as error:
        quarterly(staff_user(), mao_a, [other_focal])
    assert error.value.field == "recipients" and "Bea Other" in error.value.message
    with pytest.raises(ApplicationError):
        schedule_create(
            acting_user=staff_user(),
            kind="ocm_brief",
            name="Brief",
            frequency=Frequency.QUARTERLY,
            offset_days=5,
            formats=["pdf"],
            recipients=[focal_user(mao_a)],
        )


def test_running_the_scheduler_twice_makes_one_report_and_one_delivery_per_recipient(
    django_capture_on_commit_callbacks,
):
    mao_a, _, _ = two_maos_with_ppas()
    own_focal = focal_user(mao_a)
    staff = staff_user()
    schedule = quarterly(staff, mao_a, [own_focal, staff])
    schedule.starts_on = date(2025, 1, 1)
    schedule.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = schedules_run(today=date(2026, 1, 31))
    with django_capture_on_commit_callbacks(execute=True):
        second = schedules_run(today=date(2026, 1, 31))
        schedule.refresh_from_db()
        schedule.last_period = ""  # even with its memory lost, the constraint holds
        schedule.save()
        third = schedules_run(today=date(2026, 1, 31))
    assert (first, second, third) == (1, 0, 0)
    report = GeneratedReport.objects.get()
    assert report.status == ReportStatus.DONE and report.period == "2025-Q4"
    assert report.parameters["quarter"] == 4 and report.mao == mao_a
    deliveries = ReportDelivery.objects.filter(report=report)
    assert deliveries.count() == 4 and set(deliveries.values_list("status", flat=True)) == {
        DeliveryStatus.SENT
    }
    assert len(mail.outbox) == 2 and Notification.objects.count() == 2
    body = mail.outbox[0].body
    assert "/reports/links/" in body and not mail.outbox[0].attachments
    token = body.split("/reports/links/")[1].split("/")[0]
    assert download_token_read(token)["report"] == str(report.uid)
    with django_capture_on_commit_callbacks(execute=True):
        report_generate(report_id=report.pk)  # a redelivered task
    assert len(mail.outbox) == 2


def test_a_paused_schedule_produces_nothing_and_recipients_can_be_changed():
    mao_a, _, _ = two_maos_with_ppas()
    staff = staff_user()
    schedule = quarterly(staff, mao_a, [])
    schedule.starts_on = date(2025, 1, 1)
    schedule.save()
    schedule_update(schedule=schedule, acting_user=staff, enabled=False, recipients=[focal_user(mao_a)])
    assert schedules_run(today=date(2026, 1, 31)) == 0
    assert schedule.recipients.count() == 1


def test_a_focal_persons_schedule_is_about_their_own_mao():
    mao_a, mao_b, _ = two_maos_with_ppas()
    focal = focal_user(mao_a)
    schedule = quarterly(focal, mao_b, [focal])
    assert schedule.mao == mao_a


def test_a_per_quarter_report_cannot_be_scheduled_yearly():
    with pytest.raises(ApplicationError) as error:
        schedule_create(
            acting_user=staff_user(),
            kind="meeting_pack",
            name="Pack",
            frequency=Frequency.YEARLY,
            offset_days=5,
            formats=["pdf"],
            recipients=[],
        )
    assert error.value.field == "frequency"
