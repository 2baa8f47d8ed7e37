"""The one adapter between a service's refusal and a Django form."""

from django import forms
from django.core.exceptions import ValidationError

from common.errors import NON_FIELD, ApplicationError


def add_service_errors(form: forms.Form, error: ApplicationError | ValidationError) -> None:
    """Put a service's errors on `form`: on the field they name when the form shows that
    field, above the form otherwise (a hidden field's error would be invisible). A refusal
    naming no field shows its message above the form.

    Django's ValidationError is accepted too, for the model forms of the admin and for
    `full_clean()` called from a view; services themselves raise ApplicationError."""
    if isinstance(error, ApplicationError):
        by_field = error.fields or {NON_FIELD: [error.message]}
    elif hasattr(error, "error_dict"):
        by_field = error.message_dict
    else:
        by_field = {NON_FIELD: error.messages}
    for field, messages in by_field.items():
        visible = field in form.fields and not form.fields[field].widget.is_hidden
        form.add_error(field if visible else None, messages)
