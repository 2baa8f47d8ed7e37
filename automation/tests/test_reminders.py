"""Meeting reminders: planned from the offsets, moved with the meeting, sent once, retried."""

import threading
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from automation.models import MeetingReminder, ReminderChannel, ReminderKind, ReminderStatus
from automation.schedule import MANILA
from automation.services import reminders as reminder_service
from automation.services.meetings import meeting_cancel, meeting_participant_answer, meeting_reschedule
from automation.services.reminders import (
    BACKOFF,
    MAX_ATTEMPTS,
    meeting_reminders_send_now,
    reminder_message,
    reminders_send_due,
)
from automation.services.series import meeting_series_generate
from automation.tests.factories import SeriesFactory, mao_with_focal
from common.dates import next_working_day
from common.errors import ApplicationError
from common.models import Notification, Role
from common.services.notifications import NotDeliverable
from common.tests.factories import UserFactory
from coordination.models import EngagementParticipant, StakeholderEngagement
from tests.helpers import run_at_once

NEXT_YEAR = timezone.localdate().year + 1
DAY = 24 * 60


def upcoming_meeting(*, maos: int = 1, login: bool = True, **series_fields) -> StakeholderEngagement:
    """Q1 of next year's plenary (weeks away), with `maos` invited MAOs."""
    for _ in range(maos):
        mao_with_focal(login=login)
    series = SeriesFactory(fiscal_year=NEXT_YEAR, **series_fields)
    meeting_series_generate(series=series, acting_user=UserFactory(role=Role.OOBC_STAFF))
    meeting = series.meetings.get(quarter=1).engagement
    MeetingReminder.objects.exclude(engagement=meeting).delete()  # one meeting's reminders only
    return meeting


def refile_for(meeting: StakeholderEngagement, start: datetime) -> None:
    """File the meeting under the fiscal year and quarter of `start`, so moving it there stays
    inside its fiscal year (tests move meetings to days counted from today)."""
    StakeholderEngagement.objects.filter(pk=meeting.pk).update(
        fiscal_year=start.year, quarter=(start.month - 1) // 3 + 1
    )
    meeting.refresh_from_db()


def make_all_due(meeting=None) -> None:
    rows = MeetingReminder.objects.filter(status=ReminderStatus.PENDING)
    if meeting is not None:
        rows = rows.filter(engagement=meeting)
    rows.update(next_attempt_at=timezone.now() - timedelta(minutes=1))


def working_day_in(days: int) -> datetime:
    day = next_working_day(timezone.localdate() + timedelta(days=days))
    return datetime.combine(day, time(10, 0), tzinfo=MANILA)


# --- Planning --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_participant_gets_7_day_1_day_and_1_hour_reminders_by_email_and_in_app():
    meeting = upcoming_meeting()
    rows = MeetingReminder.objects.filter(engagement=meeting)
    assert sorted(rows.values_list("channel", "offset_minutes")) == sorted(
        [(channel, offset) for channel in ("email", "in_app") for offset in (7 * DAY, DAY, 60)]
    )
    week_before = rows.get(channel="email", offset_minutes=7 * DAY)
    assert week_before.due_at == meeting.planned_start - timedelta(days=7)
    assert week_before.status == ReminderStatus.PENDING


@pytest.mark.django_db
def test_someone_without_an_account_gets_email_only_and_sms_is_off_by_default():
    meeting = upcoming_meeting(login=False)
    assert set(MeetingReminder.objects.filter(engagement=meeting).values_list("channel", flat=True)) == {
        "email"
    }


@pytest.mark.django_db
def test_sms_reminders_come_when_the_series_turns_them_on():
    mao, focal = mao_with_focal()
    focal.phone = "+639171234567"
    focal.save()
    series = SeriesFactory(fiscal_year=NEXT_YEAR, sms_reminders=True)
    meeting_series_generate(series=series, acting_user=UserFactory(role=Role.OOBC_STAFF))
    assert MeetingReminder.objects.filter(channel=ReminderChannel.SMS).count() == 12  # 4 meetings x 3


@pytest.mark.django_db
def test_rescheduling_moves_pending_reminders_and_leaves_sent_ones():
    meeting = upcoming_meeting()
    staff = UserFactory(role=Role.OOBC_STAFF)
    sent = MeetingReminder.objects.get(engagement=meeting, channel="email", offset_minutes=7 * DAY)
    sent.status, sent.sent_at = ReminderStatus.SENT, timezone.now()
    sent.save()
    new_start = working_day_in(20)
    refile_for(meeting, new_start)
    meeting_reschedule(engagement=meeting, acting_user=staff, planned_start=new_start)
    sent.refresh_from_db()
    assert sent.status == ReminderStatus.SENT and sent.due_at != new_start - timedelta(days=7)
    pending = MeetingReminder.objects.filter(engagement=meeting, status=ReminderStatus.PENDING)
    assert pending.count() == 5
    assert all(row.due_at == new_start - timedelta(minutes=row.offset_minutes) for row in pending)
    assert not MeetingReminder.objects.filter(engagement=meeting, status=ReminderStatus.CANCELLED).exists()


@pytest.mark.django_db
def test_a_meeting_moved_close_gets_one_catch_up_reminder_not_three():
    meeting = upcoming_meeting()
    staff = UserFactory(role=Role.OOBC_STAFF)
    start = working_day_in(3)  # the 7-day reminder is past, 1 day and 1 hour are not
    refile_for(meeting, start)
    meeting_reschedule(engagement=meeting, acting_user=staff, planned_start=start)
    pending = MeetingReminder.objects.filter(
        engagement=meeting, channel="email", status=ReminderStatus.PENDING
    )
    assert sorted(pending.values_list("offset_minutes", flat=True)) == [60, DAY, 7 * DAY]
    assert pending.filter(due_at__lte=timezone.now()).count() == 1


@pytest.mark.django_db
def test_a_cancelled_meeting_sends_nothing():
    meeting = upcoming_meeting()
    meeting_cancel(
        engagement=meeting, acting_user=UserFactory(role=Role.OOBC_STAFF), reason="The venue is closed."
    )
    make_all_due()
    result = reminders_send_due()
    assert result.sent == 0 and not mail.outbox
    assert not MeetingReminder.objects.filter(engagement=meeting, status=ReminderStatus.PENDING).exists()
    assert not Notification.objects.filter(category="meeting.reminder").exists()
    # What participants get instead: the cancellation, with its reason.
    assert "The venue is closed." in Notification.objects.get(category="meeting").body


@pytest.mark.django_db
def test_a_meeting_cancelled_outside_the_automation_still_sends_nothing():
    meeting = upcoming_meeting()
    StakeholderEngagement.objects.filter(pk=meeting.pk).update(status="cancelled")
    make_all_due()
    result = reminders_send_due()
    assert result.sent == 0 and result.cancelled == 6 and not mail.outbox


@pytest.mark.django_db
def test_whoever_declines_gets_no_more_reminders_until_they_accept_again():
    meeting = upcoming_meeting()
    participant = meeting.participants.get()
    focal_user = participant.focal_person.user
    meeting_participant_answer(participant=participant, acting_user=focal_user, rsvp="declined")
    assert not MeetingReminder.objects.filter(participant=participant, status=ReminderStatus.PENDING).exists()
    meeting_participant_answer(participant=participant, acting_user=focal_user, rsvp="accepted")
    assert MeetingReminder.objects.filter(participant=participant, status=ReminderStatus.PENDING).count() == 6


# --- Sending ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_due_reminders_go_out_by_email_and_in_app_once():
    meeting = upcoming_meeting()
    make_all_due()
    first = reminders_send_due()
    second = reminders_send_due()
    assert (first.sent, second.sent) == (6, 0)
    assert len(mail.outbox) == 3
    focal = meeting.participants.get().focal_person
    assert mail.outbox[0].to == [focal.email]
    assert Notification.objects.filter(recipient=focal.user, category="meeting.reminder").count() == 3
    assert not MeetingReminder.objects.exclude(status=ReminderStatus.SENT).exists()
    assert all(row.sent_at and row.attempts == 1 for row in MeetingReminder.objects.all())


@pytest.mark.django_db
def test_reminders_not_yet_due_wait():
    upcoming_meeting()
    assert reminders_send_due().sent == 0
    assert not mail.outbox


@pytest.mark.django_db
def test_the_message_says_what_when_in_manila_time_where_and_the_agenda():
    meeting = upcoming_meeting(venue="OCM Hall, Cotabato City", online_link="https://meet.example.org/q1")
    message = reminder_message(meeting, absolute_url=True)
    start = timezone.localtime(meeting.planned_start, MANILA)
    assert meeting.title in message.subject and meeting.title in message.body
    assert f"{start:%H:%M}" in message.body and "Asia/Manila" in message.body
    assert f"{start:%A} {start.day} {start:%B %Y}" in message.body
    assert "Where: OCM Hall, Cotabato City" in message.body
    assert "Online: https://meet.example.org/q1" in message.body
    assert "Agenda:" in message.body and "pre-meeting reports" in message.body
    assert message.url.endswith(f"/meetings/{meeting.uid}/")


@pytest.mark.django_db
def test_a_failed_send_is_retried_with_growing_backoff_then_given_up(monkeypatch):
    meeting = upcoming_meeting()
    MeetingReminder.objects.filter(engagement=meeting).exclude(channel="email", offset_minutes=60).delete()

    def broken(**kwargs):
        raise ConnectionError("SMTP server unreachable")

    monkeypatch.setattr(reminder_service, "notification_send", broken)
    now = timezone.now()
    reminder = MeetingReminder.objects.get()
    reminder.next_attempt_at = now
    reminder.save()
    for attempt in range(1, MAX_ATTEMPTS):
        assert reminders_send_due(now=now).retrying == 1
        reminder.refresh_from_db()
        assert reminder.attempts == attempt and reminder.status == ReminderStatus.PENDING
        assert reminder.next_attempt_at == now + BACKOFF[attempt - 1]
        assert "SMTP server unreachable" in reminder.error
        now = reminder.next_attempt_at
    assert reminders_send_due(now=now).failed == 1
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FAILED and reminder.attempts == MAX_ATTEMPTS
    assert reminders_send_due(now=now + timedelta(days=1)).failed == 0


@pytest.mark.django_db
def test_a_failure_that_a_retry_cannot_fix_fails_at_once(monkeypatch):
    upcoming_meeting()

    def nowhere(**kwargs):
        raise NotDeliverable("No email address.")

    monkeypatch.setattr(reminder_service, "notification_send", nowhere)
    make_all_due()
    assert reminders_send_due().failed == 6
    assert set(MeetingReminder.objects.values_list("status", "attempts")) == {(ReminderStatus.FAILED, 1)}


@pytest.mark.django_db
def test_a_reminder_follows_a_meeting_moved_outside_the_automation():
    meeting = upcoming_meeting()
    make_all_due()
    later = meeting.planned_start + timedelta(days=30)
    StakeholderEngagement.objects.filter(pk=meeting.pk).update(
        planned_start=later, planned_end=later + timedelta(hours=3)
    )
    result = reminders_send_due()
    assert result.sent == 0 and result.moved == 6
    row = MeetingReminder.objects.get(channel="email", offset_minutes=DAY)
    assert row.due_at == later - timedelta(days=1) and row.status == ReminderStatus.PENDING


@pytest.mark.django_db
def test_remind_everyone_now_sends_through_the_same_sender(django_capture_on_commit_callbacks):
    meeting = upcoming_meeting(maos=2)
    staff = UserFactory(role=Role.OOBC_STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        queued = meeting_reminders_send_now(engagement=meeting, acting_user=staff)
    assert queued == 4
    assert len(mail.outbox) == 2
    assert MeetingReminder.objects.filter(kind=ReminderKind.MANUAL, status=ReminderStatus.SENT).count() == 4


@pytest.mark.django_db
def test_remind_everyone_now_twice_within_the_window_is_refused(django_capture_on_commit_callbacks):
    meeting = upcoming_meeting(maos=2)
    staff = UserFactory(role=Role.OOBC_STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_reminders_send_now(engagement=meeting, acting_user=staff)
    with pytest.raises(ApplicationError, match="less than 30 minutes ago"):
        meeting_reminders_send_now(engagement=meeting, acting_user=staff)
    assert MeetingReminder.objects.filter(kind=ReminderKind.MANUAL).count() == 4
    assert len(mail.outbox) == 2
    # After the window it may be asked again.
    MeetingReminder.objects.filter(kind=ReminderKind.MANUAL).update(
        created_at=timezone.now() - reminder_service.MANUAL_REMINDER_WINDOW - timedelta(seconds=1)
    )
    assert meeting_reminders_send_now(engagement=meeting, acting_user=staff) == 4


@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_remind_everyone_now_at_once_queue_one_round():
    meeting = upcoming_meeting(maos=2)
    staff = UserFactory(role=Role.OOBC_STAFF)
    results, errors = run_at_once(lambda: meeting_reminders_send_now(engagement=meeting, acting_user=staff))
    assert results == [4]
    assert [type(error) for error in errors] == [ApplicationError]
    assert MeetingReminder.objects.filter(kind=ReminderKind.MANUAL).count() == 4


@pytest.mark.django_db
def test_remind_everyone_now_is_an_outbox_row_sent_after_commit(django_capture_on_commit_callbacks):
    from common.models import OutboxMessage, OutboxStatus

    meeting = upcoming_meeting()
    staff = UserFactory(role=Role.OOBC_STAFF)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting_reminders_send_now(engagement=meeting, acting_user=staff)
    message = OutboxMessage.objects.get(topic=reminder_service.SEND_DUE_TOPIC)
    assert message.status == OutboxStatus.PENDING and mail.outbox == []
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_delivery_key_is_recorded_before_an_email_goes_and_an_interrupted_send_is_not_repeated():
    meeting = upcoming_meeting(login=False)
    make_all_due(meeting)
    now = timezone.now()
    claimed = reminder_service._claim_next_due(now)
    assert isinstance(claimed, MeetingReminder) and claimed.channel == "email"
    claimed.refresh_from_db()
    assert claimed.delivery_reference == f"sending:reminder:{claimed.uid}:email"
    assert claimed.attempts == 1 and claimed.next_attempt_at > now  # leased: nobody else takes it
    # The sender dies here, after handing the email to SMTP, before recording it. The lease ends.
    later = claimed.next_attempt_at + timedelta(seconds=1)
    mail.outbox.clear()
    reminders_send_due(now=later)
    claimed.refresh_from_db()
    assert claimed.status == ReminderStatus.FAILED and "not sent again" in claimed.error
    assert all(f"{claimed.uid}" not in message.body for message in mail.outbox)
    assert len(mail.outbox) == MeetingReminder.objects.filter(status=ReminderStatus.SENT).count()


@pytest.mark.django_db
def test_remind_now_is_refused_for_a_cancelled_meeting_and_for_focal_persons():
    from django.core.exceptions import PermissionDenied

    meeting = upcoming_meeting()
    focal_user = meeting.participants.get().focal_person.user
    with pytest.raises(PermissionDenied):
        meeting_reminders_send_now(engagement=meeting, acting_user=focal_user)
    staff = UserFactory(role=Role.OOBC_STAFF)
    meeting_cancel(engagement=meeting, acting_user=staff, reason="The venue is closed.")
    with pytest.raises(ApplicationError):
        meeting_reminders_send_now(engagement=meeting, acting_user=staff)
    assert not MeetingReminder.objects.filter(kind=ReminderKind.MANUAL).exists()


# --- Two senders at once (real PostgreSQL row locks) --------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_senders_send_each_reminder_once(monkeypatch):
    assert connection.vendor == "postgresql"
    upcoming_meeting(maos=8)
    make_all_due()
    total = MeetingReminder.objects.count()
    assert total == 8 * 6
    deliveries, lock = [], threading.Lock()
    real_send = reminder_service.notification_send

    def slow_send(**kwargs):
        # Slow enough that both senders are busy at the same time.
        threading.Event().wait(0.01)
        with lock:
            deliveries.append(kwargs["channel"])
        return real_send(**kwargs)

    monkeypatch.setattr(reminder_service, "notification_send", slow_send)
    results, errors = run_at_once(reminders_send_due)
    assert errors == []
    assert len(results) == 2
    assert len(deliveries) == total
    assert sum(result.sent for result in results) == total
    assert all(result.sent > 0 for result in results), "both senders took part"
    assert MeetingReminder.objects.filter(status=ReminderStatus.SENT).count() == total
    assert Notification.objects.count() == total // 2
    assert len(mail.outbox) == total // 2


@pytest.mark.worker
@pytest.mark.slow
def test_two_real_workers_send_each_reminder_once(transactional_db, tmp_path):
    from tests.celery_worker import start_worker, stop_worker
    from tests.processes import wait_until

    upcoming_meeting(maos=10)
    make_all_due()
    total = MeetingReminder.objects.count()
    workers = [start_worker(tmp_path), start_worker(tmp_path)]
    try:
        for worker in workers:
            worker.send("automation.tasks.send_due_reminders")
        wait_until(
            lambda: not MeetingReminder.objects.filter(status=ReminderStatus.PENDING).exists(), timeout=60
        )
        wait_until(lambda: all("succeeded" in worker.log() for worker in workers), timeout=30)
    finally:
        for worker in workers:
            stop_worker(worker)
    assert MeetingReminder.objects.filter(status=ReminderStatus.SENT).count() == total
    in_app = MeetingReminder.objects.filter(channel="in_app").count()
    assert Notification.objects.count() == in_app
    emails = sum(worker.log().count("Subject: ") for worker in workers)
    assert emails == total - in_app


@pytest.mark.django_db
def test_the_participant_of_a_reminder_is_a_real_invitation():
    meeting = upcoming_meeting()
    reminder = MeetingReminder.objects.filter(engagement=meeting).first()
    assert EngagementParticipant.objects.filter(pk=reminder.participant_id, engagement=meeting).exists()


@pytest.mark.worker
@pytest.mark.slow
def test_a_worker_killed_between_sending_and_recording_does_not_send_twice(transactional_db, tmp_path):
    from tests.celery_worker import start_worker, stop_worker
    from tests.processes import wait_until
    from tests.smtp_sink import SmtpSink

    meeting = upcoming_meeting(login=False)  # email only
    rows = MeetingReminder.objects.filter(engagement=meeting)
    reminder = rows.first()
    rows.exclude(pk=reminder.pk).delete()
    make_all_due(meeting)
    doomed = []

    def kill_the_sender(_message: bytes) -> None:
        # The relay has the email; the worker dies before it hears "250" and records it.
        if doomed:
            doomed.pop().kill()

    with SmtpSink(on_message=kill_the_sender) as sink:
        first = start_worker(tmp_path, extra_env={"EMAIL_URL": sink.url})
        doomed.append(first)
        first.send("automation.tasks.send_due_reminders")
        wait_until(lambda: first.process.poll() is not None, timeout=60)
        assert len(sink.messages) == 1
        reminder.refresh_from_db()
        assert reminder.status == ReminderStatus.PENDING
        assert reminder.delivery_reference == f"sending:reminder:{reminder.uid}:email"
        # The lease runs out; the next run (a new worker) finds the interrupted send.
        MeetingReminder.objects.filter(pk=reminder.pk).update(next_attempt_at=timezone.now())
        second = start_worker(tmp_path, extra_env={"EMAIL_URL": sink.url})
        try:
            second.send("automation.tasks.send_due_reminders")
            wait_until(
                lambda: MeetingReminder.objects.get(pk=reminder.pk).status != ReminderStatus.PENDING,
                timeout=60,
            )
        finally:
            stop_worker(second)
        assert len(sink.messages) == 1, "the email went once"
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FAILED
    assert reminder.error == reminder_service.INTERRUPTED
