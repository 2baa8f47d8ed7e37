"""Celery tasks of external_api (queue `external`): thin, idempotent, each calls one service."""

from celery import shared_task

from external_api.services.access_log import access_log_prune
from external_api.services.webhooks import webhook_deliveries_claim_due, webhook_delivery_attempt

# A retry due this soon is queued with a short countdown; later ones wait for the sweeper.
SHORT_RETRY_SECONDS = 60


@shared_task(
    name="external_api.tasks.deliver_webhook",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=60,
    time_limit=90,
)
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at one delivery, if it is still due (a duplicate message is a no-op)."""
    outcome = webhook_delivery_attempt(delivery_id=delivery_id)
    if outcome.retry_in is not None and outcome.retry_in.total_seconds() <= SHORT_RETRY_SECONDS:
        deliver_webhook.apply_async((delivery_id,), countdown=outcome.retry_in.total_seconds())
    return outcome.status or "not due"


@shared_task(name="external_api.tasks.deliver_due_webhooks", soft_time_limit=50, time_limit=60)
def deliver_due_webhooks() -> int:
    """Every minute: queue the deliveries whose next attempt is due."""
    ids = webhook_deliveries_claim_due()
    for delivery_id in ids:
        deliver_webhook.delay(delivery_id)
    return len(ids)


@shared_task(name="external_api.tasks.prune_access_log", soft_time_limit=10 * 60, time_limit=11 * 60)
def prune_access_log() -> int:
    """Daily: drop access log rows older than ACCESS_LOG_RETENTION_DAYS."""
    return access_log_prune()
