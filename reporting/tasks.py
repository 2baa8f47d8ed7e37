"""Celery tasks of reporting (queue `reports`): thin, idempotent, acks_late.

A report task that dies with its worker is redelivered (acks_late, reject_on_worker_lost);
the service's claim makes a second delivery of the same message a no-op while the first
is alive, and `sweep_stale_reports` queues again what a dead worker left running.
"""

from celery import shared_task

from common.retry import TRANSIENT_ERRORS
from reporting.services import reports, schedules

RETRY = {"autoretry_for": TRANSIENT_ERRORS, "retry_backoff": True, "max_retries": 5}


@shared_task(acks_late=True, reject_on_worker_lost=True, **RETRY)
def generate_single_report(report_id: int) -> str:
    report = reports.report_generate(report_id=report_id)
    return report.status if report else "skipped"


@shared_task(acks_late=True, reject_on_worker_lost=True)
def generate_scheduled_reports() -> int:
    return schedules.schedules_run()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def sweep_stale_reports() -> int:
    return reports.reports_requeue_stale()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def expire_reports() -> int:
    return reports.reports_expire()


# --- Outbox handlers (registered in ReportingConfig.ready) --------------------------------


def on_generate(message) -> None:
    """The outbox sends a queued report to the `reports` queue."""
    generate_single_report.delay(message.payload["report_id"])


def on_deliver(message) -> None:
    """Send a finished scheduled report's pending deliveries; raising retries with backoff."""
    from reporting.services.deliveries import deliveries_send

    deliveries_send(report_id=message.payload["report_id"])
