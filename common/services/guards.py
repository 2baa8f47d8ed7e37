"""What every registry service does before it writes, after `common.permissions.ensure_can`:
set only the fields it accepts, and validate with errors that name the field to fix."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import models

from common.errors import ApplicationError

# (field, message): a business rule the instance breaks, found by the service that declares it.
Broken = tuple[str, str]


def assign(instance: models.Model, fields: Mapping, allowed: Iterable[str]) -> list[str]:
    """Set `fields` on `instance` and return the names to save. A name outside `allowed` is a
    programming error, never silently ignored."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{type(instance).__name__} does not accept {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)
    return list(fields)


def validate(instance: models.Model, *, broken: Iterable[Broken] = (), exclude: Iterable[str] = ()) -> None:
    """Raise one ApplicationError, with `fields`, for everything wrong with `instance`.

    The service's broken rules come first because they name the field a database constraint
    cannot (a CheckConstraint's error has no field). When a rule is broken the model's
    constraints are not re-validated, so the same fault is not reported again without its field."""
    errors: dict[str, list[str]] = {}
    for field, message in broken:
        errors.setdefault(field, []).append(message)
    try:
        instance.full_clean(exclude=list(exclude) or None, validate_constraints=not errors)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ApplicationError.for_fields(errors)
