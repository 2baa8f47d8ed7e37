"""What every registry service checks before it writes: who may write, and validation whose
errors name the field the user has to fix."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from common.models import User
from common.permissions import Action, Area, Scope, grant_for

# (field, message): a business rule the instance breaks, found by the service that declares it.
Broken = tuple[str, str]


def can_change_whole_registry(user: User) -> bool:
    """OOBC executives and staff: a registry grant with CHANGE over all MAOs."""
    grant = grant_for(user, Area.REGISTRY)
    return grant is not None and grant.scope is Scope.ALL and grant.allows(Action.CHANGE)


def can_change_for_organization(user: User, organization_id: int | None) -> bool:
    """Whole-registry writers, or a MAO focal person acting for their own organization."""
    if can_change_whole_registry(user):
        return True
    grant = grant_for(user, Area.REGISTRY)
    return (
        grant is not None
        and grant.scope is Scope.OWN_MAO
        and grant.allows(Action.CHANGE)
        and organization_id is not None
        and organization_id == user.organization_id
    )


def require_whole_registry_change(user: User, message: str) -> None:
    if not can_change_whole_registry(user):
        raise PermissionDenied(message)


def require_change_for_organization(user: User, organization_id: int | None, message: str) -> None:
    if not can_change_for_organization(user, organization_id):
        raise PermissionDenied(message)


def assign(instance: models.Model, fields: Mapping, allowed: Iterable[str]) -> list[str]:
    """Set `fields` on `instance` and return the names to save. A name outside `allowed` is a
    programming error, never silently ignored."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{type(instance).__name__} does not accept {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)
    return list(fields)


def validate(instance: models.Model, *, broken: Iterable[Broken] = ()) -> None:
    """Raise one ValidationError for everything wrong with `instance`.

    The service's broken rules come first because they name the field a database constraint
    cannot (a CheckConstraint's error has no field). When a rule is broken the model's
    constraints are not re-validated, so the same fault is not reported again without its field."""
    errors: dict[str, list[str]] = {}
    for field, message in broken:
        errors.setdefault(field, []).append(message)
    try:
        instance.full_clean(validate_constraints=not errors)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
