"""Languages: which one a request is served in, and the signed-in user's own choice.

Django's LocaleMiddleware decides from the language cookie, then `Accept-Language`, then
`LANGUAGE_CODE`. It runs before authentication, so it cannot know the user; this
middleware, placed after AuthenticationMiddleware, applies `User.language` when the
browser has made no explicit choice (no cookie yet, e.g. a new phone), so a signed-in
person reads their language everywhere without switching on every device.
"""

from django.conf import settings
from django.utils import translation

SUPPORTED_LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


def is_supported_language(code: str | None) -> bool:
    return bool(code) and code in SUPPORTED_LANGUAGES


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            user = getattr(request, "user", None)
            language = getattr(user, "language", None) if user is not None else None
            if user is not None and user.is_authenticated and is_supported_language(language):
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
