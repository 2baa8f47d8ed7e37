"""Writes about a user's own account settings."""

from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.i18n import is_supported_language
from common.models import User


def user_set_language(*, user: User, language: str) -> User:
    """Remember the language the user chose, so every device and every message uses it."""
    if not is_supported_language(language):
        raise ApplicationError(_("This language is not offered."), field="language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
