"""Writes of the common app: one function per business operation."""

import logging

from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from oauth2_provider.models import clear_expired as clear_expired_oauth_tokens

from common.models import Role, User

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


DEMO_PASSWORD = "obcms-demo-2026"

DEMO_USERS: list[tuple[str, Role, str, str]] = [
    ("exec", Role.OOBC_EXECUTIVE, "Amina", "Salik"),
    ("staff", Role.OOBC_STAFF, "Jamal", "Usman"),
    ("ocm", Role.OCM_EXECUTIVE, "Norhana", "Daud"),
    ("focal", Role.MAO_FOCAL, "Farhan", "Abdullah"),
    ("focal_moh", Role.MAO_FOCAL, "Rahima", "Lidasan"),
    ("focal_mafar", Role.MAO_FOCAL, "Yusop", "Maulana"),
    ("focal_mbhte", Role.MAO_FOCAL, "Jehan", "Ibrahim"),
    ("focal_mpw", Role.MAO_FOCAL, "Haron", "Musa"),
    ("leader", Role.COMMUNITY_LEADER, "Sittie", "Karim"),
    ("partner", Role.EXTERNAL_PARTNER, "Partner", "Agency"),
]
# The MAO each demo focal person works for (by acronym). The synthetic demo makes each of
# them their MAO's primary focal person.
DEMO_FOCAL_MAOS = {
    "focal": "MSSD",
    "focal_moh": "MOH",
    "focal_mafar": "MAFAR",
    "focal_mbhte": "MBHTE",
    "focal_mpw": "MPW",
}


def _demo_mao(acronym: str):
    """The MAO by acronym, created with its real name if the reference data is not loaded
    yet (the loader completes the record later)."""
    from coordination.services.reference_data import mao_get_or_create, mao_reference_name

    return mao_get_or_create(acronym=acronym, name=mao_reference_name(acronym) or acronym)[0]


@transaction.atomic
def demo_users_create() -> list[tuple[str, str, str]]:
    """One demo account per role, and several MAO focal persons (synthetic people), password
    DEMO_PASSWORD. Idempotent. The partner account signs in with OAuth client credentials
    only: no usable password."""
    logins = []
    # One hash for every new demo account: hashing is slow on purpose, and the password is public.
    password_hash = None
    for username, role, first_name, last_name in DEMO_USERS:
        mao = _demo_mao(DEMO_FOCAL_MAOS[username]) if role == Role.MAO_FOCAL else None
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@demo.obcms.invalid",
                "role": role,
                "first_name": first_name,
                "last_name": last_name,
                "email_verified_at": timezone.now(),
                "organization": mao,
            },
        )
        if created:
            if role == Role.EXTERNAL_PARTNER:
                user.set_unusable_password()
            else:
                user.password = password_hash = password_hash or make_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if role != Role.EXTERNAL_PARTNER:
            label = f"{role.label} ({mao.acronym})" if mao else role.label
            logins.append((username, DEMO_PASSWORD, label))
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "email": "admin@demo.obcms.invalid",
            "is_staff": True,
            "is_superuser": True,
            "role": Role.OOBC_EXECUTIVE,
            "first_name": "System",
            "last_name": "Administrator",
        },
    )
    if created:
        admin.password = password_hash or make_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    logins.append(("admin", DEMO_PASSWORD, "Django admin (superuser, OOBC executive)"))
    return logins


def demo_users_seed() -> list[str]:
    lines = ["Demo logins (synthetic people; one shared password):"]
    lines += [f"  {username:<12} / {password}   {label}" for username, password, label in demo_users_create()]
    return lines
