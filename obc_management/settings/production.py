"""Production: every secret comes from the environment, with no default to fall back on.

`manage.py check --deploy --fail-level WARNING` passes with these settings (tested in
tests/test_deploy_check.py with dummy secrets).
"""

import os

from django.core.exceptions import ImproperlyConfigured

# Fail before anything else is imported: a missing secret must stop the process, never
# leave it running on the embedded development key.
for required in (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "JWT_SIGNING_KEY",
    "FIELD_ENCRYPTION_KEYS",
    "DATABASE_URL",
    "SITE_URL",
):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"Production settings need the environment variable {required}.")

from .base import *  # noqa: E402,F403
from .base import (  # noqa: E402
    EMAIL_BACKEND,
    FIELD_ENCRYPTION_KEYS,
    LOGGING,
    SECRET_KEY,
    SIMPLE_JWT,
    WEBHOOK_ALLOW_LOOPBACK,
    env,
)

DEBUG = False
# JSON log lines for the log collector, whatever DEBUG said when base.py chose its default.
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="json")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("embedded-"):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")
if SIMPLE_JWT["SIGNING_KEY"] == SECRET_KEY:
    raise ImproperlyConfigured("JWT_SIGNING_KEY must differ from SECRET_KEY.")
if len(SIMPLE_JWT["SIGNING_KEY"]) < 50 or SIMPLE_JWT["SIGNING_KEY"].startswith("embedded-"):
    raise ImproperlyConfigured("JWT_SIGNING_KEY must be a random string of at least 50 characters.")

for key in FIELD_ENCRYPTION_KEYS:
    if len(key) < 32 or key.startswith("embedded-"):
        raise ImproperlyConfigured(
            "Each FIELD_ENCRYPTION_KEYS key must be a random string of at least 32 characters."
        )
    if key in (SECRET_KEY, SIMPLE_JWT["SIGNING_KEY"]):
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must differ from SECRET_KEY and JWT_SIGNING_KEY.")

if WEBHOOK_ALLOW_LOOPBACK:
    # Loopback webhook targets would let a partner make the server call itself (SSRF).
    raise ImproperlyConfigured("WEBHOOK_ALLOW_LOOPBACK is for tests and the embedded demo, never production.")

# Backends that deliver nothing would write password-reset links and phone numbers into the
# logs and mark reminders "sent": production refuses them (EMAIL_URL must name a relay).
UNDELIVERING_EMAIL_BACKENDS = ("console", "locmem", "filebased", "dummy")
if any(f".{name}." in EMAIL_BACKEND for name in UNDELIVERING_EMAIL_BACKENDS):
    raise ImproperlyConfigured(f"EMAIL_URL must name a real mail relay in production, not {EMAIL_BACKEND}.")
SMS_BACKEND = env("SMS_BACKEND", default="common.sms.DisabledSmsBackend")
if SMS_BACKEND in ("common.sms.ConsoleSmsBackend", "common.sms.LocmemSmsBackend"):
    raise ImproperlyConfigured(f"SMS_BACKEND {SMS_BACKEND} delivers nothing; production refuses it.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Probes and the metrics scraper come over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
