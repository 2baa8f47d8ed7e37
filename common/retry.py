"""The errors a task retries: the real connection errors of Redis, the broker and PostgreSQL.

Python's builtin `ConnectionError` matches none of them (redis-py's `ConnectionError`
derives from `RedisError`, Django's `OperationalError` from `DatabaseError`), so a task
naming only the builtin never retried when Redis or PostgreSQL went away.
"""

import django.db
import kombu.exceptions
import redis.exceptions

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    kombu.exceptions.OperationalError,
    django.db.OperationalError,
    django.db.InterfaceError,
    ConnectionError,
    TimeoutError,
)

# The keyword arguments of a task that retries those errors a bounded number of times.
RETRY_ON_TRANSIENT = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_jitter": True,
    "max_retries": 3,
}
