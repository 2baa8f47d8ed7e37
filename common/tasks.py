from celery import shared_task

from common.services.platform import housekeeping_run


@shared_task(
    name="common.tasks.housekeeping", autoretry_for=(ConnectionError,), max_retries=3, retry_backoff=True
)
def housekeeping() -> dict[str, int]:
    return housekeeping_run()
