"""Tests: real PostgreSQL and Redis (make test provides DATABASE_URL and REDIS_URL).

Never the development database: pytest-django creates its own `test_` database.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/obcms")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_db_per_worker(url: str) -> str:
    """Each pytest-xdist worker gets its own Redis database: clearing the cache (FLUSHDB)
    in one worker must not wipe another worker's throttle counters or broker queues."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    base, _, db = url.rpartition("/")
    base_db = int(db) if db.isdigit() else 15
    return f"{base}/{base_db - index if base_db >= index else base_db + index}"


os.environ["REDIS_URL"] = _redis_db_per_worker(os.environ["REDIS_URL"])

from .base import *  # noqa: E402,F403
from .base import LOGGING  # noqa: E402

DEBUG = False
# Fast hashing: password strength is not what the suite measures.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "common.sms.LocmemSmsBackend"
# Tasks run eagerly in the suite unless a test starts a real worker on purpose.
CELERY_TASK_ALWAYS_EAGER = True
# Webhook tests deliver to receivers on 127.0.0.1; the SSRF tests switch this off.
WEBHOOK_ALLOW_LOOPBACK = True
LOGGING["root"]["level"] = "WARNING"
