"""The demo seeder: series generated, reminders due to show, idempotent."""

import pytest
from django.core import mail

from automation.demo import automation_demo_seed, demo_fiscal_year
from automation.models import MeetingReminder, QuarterlyMeetingSeries
from automation.services.reminders import reminders_send_due
from automation.tests.factories import mao_with_focal
from common.models import Notification, Role
from common.tests.factories import UserFactory
from coordination.models import StakeholderEngagement

pytestmark = pytest.mark.django_db


@pytest.fixture
def core_demo():
    """What the core demo provides that this seeder uses: MAOs, focal persons, staff logins."""
    UserFactory(username="staff", role=Role.OOBC_STAFF)
    UserFactory(username="exec", role=Role.OOBC_EXECUTIVE)
    mao_with_focal(acronym="OCM", name="Office of the Chief Minister")
    _, mssd_focal = mao_with_focal(acronym="MSSD", name="Ministry of Social Services and Development")
    mao_with_focal(acronym="MOH", name="Ministry of Health")
    return mssd_focal.user


def test_the_demo_has_a_plenary_two_mao_series_and_reminders_ready_to_send(core_demo):
    lines = automation_demo_seed()
    year = demo_fiscal_year()
    assert year >= 2026 and any(f"FY{year}" in line for line in lines)
    assert QuarterlyMeetingSeries.objects.filter(fiscal_year=year).count() == 3
    assert StakeholderEngagement.objects.count() == 12
    result = reminders_send_due()
    assert result.sent >= 2
    assert any(message.to == [core_demo.email] for message in mail.outbox)
    assert Notification.objects.filter(recipient=core_demo, category="meeting.reminder").exists()


def test_seeding_the_demo_again_adds_nothing(core_demo):
    automation_demo_seed()
    counts = (StakeholderEngagement.objects.count(), MeetingReminder.objects.count())
    lines = automation_demo_seed()
    assert (StakeholderEngagement.objects.count(), MeetingReminder.objects.count()) == counts
    assert "0 meetings new" in lines[0]
