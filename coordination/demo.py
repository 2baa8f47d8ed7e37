"""coordination's part of the demo: the real MAOs (reference data) and the demo accounts,
several of them MAO focal persons. Registered with common.demo in CoordinationConfig.ready."""

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from common.models import Role, User
from coordination.services.reference_data import mao_get_or_create, mao_reference_load, mao_reference_name

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


def mao_reference_seed() -> list[str]:
    return ["MAOs and their PPAs (real; GAAB budgets and indicators):", *mao_reference_load().lines()]
