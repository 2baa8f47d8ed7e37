"""Celery tasks of reporting (queue `reports`): thin, idempotent, acks_late.

A report task that dies with its worker is redelivered (acks_late, reject_on_worker_lost);
the service's claim makes a second delivery of the same message a no-op while the first
is alive, and `sweep_stale_reports` queues again what a dead worker left running.
"""

from celery import shared_task

from reporting.services import deliveries, reports, schedules

RETRY = {"autoretry_for": (ConnectionError,), "retry_backoff": True, "max_retries": 5}


@shared_task(acks_late=True, reject_on_worker_lost=True, **RETRY)
def generate_single_report(report_id: int) -> str:
    report = reports.report_generate(report_id=report_id)
    return report.status if report else "skipped"


@shared_task(
    acks_late=True, reject_on_worker_lost=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=8
)
def send_report_deliveries(report_id: int) -> int:
    return deliveries.deliveries_send(report_id=report_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def generate_scheduled_reports() -> int:
    return schedules.schedules_run()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def sweep_stale_reports() -> int:
    return reports.reports_requeue_stale()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def expire_reports() -> int:
    return reports.reports_expire()
