"""Periodic tasks: declared with their schedules, thin, and safe to run twice."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from automation.models import MeetingReminder, QuarterlyMeetingSeries
from automation.services.series import meeting_series_generate
from automation.tasks import generate_quarterly_meetings, send_due_reminders
from automation.tests.factories import SeriesFactory, mao_with_focal
from common.models import Role
from common.tests.factories import UserFactory
from obc_management.schedules import PERIODIC_TASKS

pytestmark = pytest.mark.django_db


def test_the_reminder_sender_runs_every_five_minutes_and_generation_each_quarter():
    schedules = {spec.task: (spec.cron, spec.queue) for spec in PERIODIC_TASKS}
    assert schedules["automation.tasks.send_due_reminders"] == ("*/5 * * * *", "automation")
    assert schedules["automation.tasks.generate_quarterly_meetings"] == ("0 0 1 1,4,7,10 *", "automation")


def test_the_sender_task_sends_what_is_due_once():
    mao_with_focal()
    series = SeriesFactory(fiscal_year=timezone.localdate().year + 1)
    meeting_series_generate(series=series, acting_user=UserFactory(role=Role.OOBC_STAFF))
    first = series.meetings.get(quarter=1).engagement
    MeetingReminder.objects.filter(engagement=first).update(
        next_attempt_at=timezone.now() - timedelta(minutes=1)
    )
    assert send_due_reminders.delay().get()["sent"] == 6
    assert send_due_reminders.delay().get()["sent"] == 0
    assert len(mail.outbox) == 3


def test_the_generation_task_creates_this_years_meetings_and_can_run_twice():
    mao_with_focal()
    first = generate_quarterly_meetings.delay().get()
    second = generate_quarterly_meetings.delay().get()
    year = timezone.localdate().year
    assert QuarterlyMeetingSeries.objects.filter(fiscal_year=year).count() == 2
    assert first["created"] >= 8 and second["created"] == 0


def test_the_management_command_sends_due_reminders(capsys):
    call_command("send_meeting_reminders")
    assert "sent: 0" in capsys.readouterr().out


def test_a_generation_started_in_october_covers_next_year_too():
    from automation.services.series import quarterly_meetings_generate_scheduled

    mao_with_focal()
    result = quarterly_meetings_generate_scheduled(today=date(2026, 10, 1))
    assert result.created == 16
