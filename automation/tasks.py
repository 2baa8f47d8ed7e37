"""Celery tasks of automation: thin, idempotent, each calls one service."""

from celery import shared_task

from automation.services.reminders import reminders_send_due
from automation.services.series import quarterly_meetings_generate_scheduled
from common.retry import RETRY_ON_TRANSIENT


@shared_task(
    name="automation.tasks.send_due_reminders",
    **RETRY_ON_TRANSIENT,
    soft_time_limit=4 * 60,
    time_limit=5 * 60,
)
def send_due_reminders() -> dict[str, int]:
    """Every 5 minutes: send the reminders that are due. Two runs at once send each reminder
    once (row locks), so an overlapping run or a redelivery is harmless."""
    return reminders_send_due().as_dict()


@shared_task(
    name="automation.tasks.generate_quarterly_meetings",
    **RETRY_ON_TRANSIENT,
)
def generate_quarterly_meetings() -> dict[str, int]:
    """First day of each quarter: this fiscal year's meetings for the plenary and every active
    MAO; from 1 October also next year's. Generating again creates nothing."""
    return quarterly_meetings_generate_scheduled().as_dict()
