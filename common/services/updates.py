"""The one way a service updates a row's fields (after the HackSoft styleguide's model_update)."""

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from common.errors import ApplicationError

ModelT = TypeVar("ModelT", bound=models.Model)


def model_update(
    *, instance: ModelT, data: Mapping[str, Any], allowed_fields: Iterable[str]
) -> tuple[ModelT, bool]:
    """Set the allowed fields of `data` that differ, validate, and save only those columns.

    A key outside `allowed_fields` is a programming error (TypeError), never silently
    dropped. Nothing is written when no value changes. Returns (instance, changed). A value
    the model refuses raises ApplicationError naming the field, with the instance unsaved."""
    allowed = set(allowed_fields)
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"{type(instance).__name__} does not accept {sorted(unknown)} here")

    changed_fields: list[str] = []
    for name, value in data.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed_fields.append(name)
    if not changed_fields:
        return instance, False

    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ApplicationError.from_validation_error(exc) from exc
    if any(field.name == "updated_at" for field in instance._meta.concrete_fields):
        changed_fields.append("updated_at")  # auto_now is written only when named
    instance.save(update_fields=changed_fields)
    return instance, True
