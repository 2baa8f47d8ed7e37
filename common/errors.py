"""The one error every service raises for a business rule, mapped to 400 by the API
handler and to a form error or message by the HTMX views."""


class ApplicationError(Exception):
    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}
