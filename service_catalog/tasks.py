"""Celery tasks of service_catalog: thin, idempotent, ids in."""

from smtplib import SMTPException

from celery import shared_task

from service_catalog.services.requests import status_change_notify


@shared_task(
    name="service_catalog.tasks.status_change_notify",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_jitter=True,
    max_retries=6,
)
def status_change_notify_task(change_id: int) -> str:
    """Email (or SMS) the requester about one status change; a second run sends nothing."""
    return status_change_notify(change_id=change_id)
