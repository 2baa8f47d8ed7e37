"""Validators for text that reaches public pages: markup is refused, not just escaped."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A tag (<b>, </p>, <!-- , <?xml), an entity (&lt; &#60;) or a javascript: URL. A "<" followed
# by a space, as in "age < 5" or "a < b", opens no tag in any browser and is fine.
MARKUP = re.compile(r"<[a-zA-Z!/?]|&#?[a-zA-Z0-9]+;|javascript:", re.IGNORECASE)


def reject_html(value: str) -> None:
    if value and MARKUP.search(value):
        raise ValidationError(_("Write plain text: HTML and markup are not accepted."), code="html")
