from celery import shared_task

from common.retry import RETRY_ON_TRANSIENT
from common.services.outbox import outbox_dispatch_due as outbox_dispatch_due_run
from common.services.outbox import outbox_dispatch_message
from common.services.platform import housekeeping_run


@shared_task(name="common.tasks.housekeeping", **RETRY_ON_TRANSIENT)
def housekeeping() -> dict[str, int]:
    return housekeeping_run()


@shared_task(name="common.tasks.outbox_dispatch_due", soft_time_limit=4 * 60, time_limit=5 * 60)
def outbox_dispatch_due() -> dict[str, int]:
    """Every minute: send the outbox messages that are due. Two runs at once never take the
    same message (row locks), so an overlapping run or a redelivery is harmless. No
    autoretry: the next minute's run is the retry."""
    return outbox_dispatch_due_run().as_dict()


@shared_task(name="common.tasks.outbox_dispatch", soft_time_limit=4 * 60, time_limit=5 * 60)
def outbox_dispatch(message_id: int) -> str | None:
    """Send one message right after the transaction that wrote it committed."""
    return outbox_dispatch_message(message_id=message_id)
