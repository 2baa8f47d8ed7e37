"""Every periodic task of OBCMS, declared in one place.

`manage.py install_periodic_tasks` writes these into django-celery-beat's tables
(idempotently: it updates what changed and removes OBCMS tasks no longer listed).
Feature issues add their rows here. Times are Asia/Manila.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicTaskSpec:
    name: str
    task: str
    cron: str  # minute hour day_of_month month_of_year day_of_week
    queue: str = "default"
    description: str = ""


PERIODIC_TASKS: list[PeriodicTaskSpec] = [
    PeriodicTaskSpec(
        name="common.housekeeping",
        task="common.tasks.housekeeping",
        cron="30 3 * * *",
        description="Delete expired JWT blacklist entries, OAuth tokens and sessions.",
    ),
    PeriodicTaskSpec(
        name="common.outbox_dispatch_due",
        task="common.tasks.outbox_dispatch_due",
        cron="* * * * *",
        description="Send the outbox messages that are due (notifications, queued work, domain events).",
    ),
    PeriodicTaskSpec(
        name="automation.send_due_reminders",
        task="automation.tasks.send_due_reminders",
        cron="*/5 * * * *",
        queue="automation",
        description="Send the meeting reminders that are due (each once, even with two workers).",
    ),
    PeriodicTaskSpec(
        name="automation.generate_quarterly_meetings",
        task="automation.tasks.generate_quarterly_meetings",
        cron="0 0 1 1,4,7,10 *",
        queue="automation",
        description="Generate this fiscal year's quarterly meetings; from 1 October also next year's.",
    ),
    PeriodicTaskSpec(
        name="ocm_dashboard.daily_refresh",
        task="ocm_dashboard.tasks.daily_refresh",
        cron="0 2 * * *",
        queue="dashboard",
        description="Detect this fiscal year's beneficiary overlaps, then snapshot the OCM dashboard.",
    ),
    PeriodicTaskSpec(
        name="ocm_dashboard.snapshot_dirty_years",
        task="ocm_dashboard.tasks.snapshot_dirty_years",
        cron="* * * * *",
        queue="dashboard",
        description="Snapshot again the fiscal years whose PPAs changed, once the changes pause.",
    ),
    PeriodicTaskSpec(
        name="reporting.generate_scheduled_reports",
        task="reporting.tasks.generate_scheduled_reports",
        cron="15 * * * *",
        queue="reports",
        description="Queue the scheduled reports that are due (each schedule, period and format once).",
    ),
    PeriodicTaskSpec(
        name="reporting.sweep_stale_reports",
        task="reporting.tasks.sweep_stale_reports",
        cron="*/5 * * * *",
        queue="reports",
        description="Queue again the reports a dead worker left running or whose queue message was lost.",
    ),
    PeriodicTaskSpec(
        name="reporting.expire_reports",
        task="reporting.tasks.expire_reports",
        cron="45 3 * * *",
        queue="reports",
        description="Delete generated report files past their expiry (the rows stay, marked expired).",
    ),
    PeriodicTaskSpec(
        name="external_api.deliver_due_webhooks",
        task="external_api.tasks.deliver_due_webhooks",
        cron="* * * * *",
        queue="external",
        description="Queue the webhook deliveries whose next attempt (first try or retry) is due.",
    ),
    PeriodicTaskSpec(
        name="external_api.prune_access_log",
        task="external_api.tasks.prune_access_log",
        cron="15 4 * * *",
        queue="external",
        description="Delete partner access log rows older than ACCESS_LOG_RETENTION_DAYS.",
    ),
]
