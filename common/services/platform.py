"""Writes of the common app: one function per business operation."""

import logging

from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from oauth2_provider.models import clear_expired as clear_expired_oauth_tokens

logger = logging.getLogger(__name__)

PERIODIC_TASK_PREFIXES = (
    "common.",
    "automation.",
    "service_catalog.",
    "ocm_dashboard.",
    "reporting.",
    "community_portal.",
    "external_api.",
    "coordination.",
    "monitoring.",
)


def housekeeping_run() -> dict[str, int]:
    """Remove what has expired, so token and session tables do not grow forever."""
    sessions_deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    call_command("flushexpiredtokens", verbosity=0)  # simplejwt outstanding + blacklisted
    clear_expired_oauth_tokens()
    logger.info("housekeeping done", extra={"sessions_deleted": sessions_deleted})
    return {"sessions_deleted": sessions_deleted}


@transaction.atomic
def periodic_tasks_install(*, specs) -> dict[str, int]:
    """Make django-celery-beat's table match `specs`: create, update, and disable-by-deletion
    the OBCMS tasks that are no longer declared. Running it twice changes nothing."""
    created = updated = 0
    for spec in specs:
        minute, hour, day_of_month, month_of_year, day_of_week = spec.cron.split()
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=day_of_month,
            month_of_year=month_of_year,
            day_of_week=day_of_week,
            timezone="Asia/Manila",
        )
        wanted = {
            "task": spec.task,
            "crontab": crontab,
            "queue": spec.queue,
            "description": spec.description,
            "enabled": True,
            "interval": None,
        }
        task, was_created = PeriodicTask.objects.get_or_create(name=spec.name, defaults=wanted)
        if was_created:
            created += 1
            continue
        changed = [field for field, value in wanted.items() if getattr(task, field) != value]
        if changed:
            for field in changed:
                setattr(task, field, wanted[field])
            task.save()
            updated += 1
    declared = {spec.name for spec in specs}
    ours = Q()
    for prefix in PERIODIC_TASK_PREFIXES:
        ours |= Q(name__startswith=prefix)
    # Only OBCMS's own rows are pruned; tasks an admin added by hand under other names stay.
    removed, _ = PeriodicTask.objects.filter(ours).exclude(name__in=declared).delete()
    return {"created": created, "updated": updated, "removed": removed}
