"""The one error every service raises for a business rule it refuses.

The API exception handler maps it to 400 `{"message": ..., "extra": {"fields": {...}}}`;
HTMX and form views put it on the form with `common.forms.add_service_errors`. Services
raise nothing else, apart from Django's `PermissionDenied` (who may not) and `Http404`
(what the user may not see); tests/test_layering.py checks that.
"""

from django.core.exceptions import ValidationError

NON_FIELD = "__all__"  # Django's key for errors that belong to no single field
PLEASE_CORRECT = "Please correct the errors below."  # the message when several fields are wrong


class ApplicationError(Exception):
    """`field` names the one field to fix; `fields` carries several ({field: [messages]}).
    Both end up in `.fields`, the single place readers look."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        fields: dict[str, list[str]] | None = None,
        extra: dict | None = None,
    ):
        # Translated (lazy) messages are rendered now, in the language of the request that
        # raised the error: what is stored and serialised is plain text.
        message = str(message)
        super().__init__(message)
        self.message = message
        self.field = field
        self.fields: dict[str, list[str]] = {
            name: [str(text) for text in messages] for name, messages in (fields or {}).items()
        }
        if field is not None and message not in self.fields.get(field, []):
            self.fields.setdefault(field, []).insert(0, message)
        self.extra = extra or {}

    @classmethod
    def from_validation_error(cls, error: ValidationError, message: str | None = None) -> "ApplicationError":
        """Carry a model's `full_clean()` refusal out of a service in the one error type."""
        if hasattr(error, "error_dict"):
            fields = {name: list(messages) for name, messages in error.message_dict.items()}
        else:
            fields = {NON_FIELD: list(error.messages)}
        return cls.for_fields(fields, message)

    @classmethod
    def for_fields(cls, fields: dict[str, list[str]], message: str | None = None) -> "ApplicationError":
        """Errors on several fields at once; the message is the only one, or a general one."""
        return cls(message or _first_message(fields), fields=fields)


def _first_message(fields: dict[str, list[str]]) -> str:
    if len(fields) == 1:
        (messages,) = fields.values()
        if len(messages) == 1:
            return messages[0]
    return PLEASE_CORRECT
