"""Computing a cached answer once when many ask for it at the same moment.

Ten readers opening the dashboard of a year nobody has read since its data changed would
each compute the same seconds-long answer (a cache stampede). `computed_once` lets the
first compute it under a short lock (`cache.add`, atomic in Redis) while the others wait
for the kept answer; if the first fails or outlives the lock, a waiter computes it itself,
so an answer is never lost to a dead process, only computed twice at worst."""

import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

# Longer than the slowest answer at a million PPAs (the overview computed live: seconds).
COMPUTING_LOCK_SECONDS = 60
FIRST_POLL_SECONDS, LAST_POLL_SECONDS = 0.02, 0.5


def computed_once(key: str, compute: Callable[[], Any], timeout: int) -> tuple[Any, bool]:
    """(the answer kept under `key`, False), or (`compute()`, True) after keeping it for
    `timeout` seconds. Of the callers that miss at once, one computes; the rest wait."""
    kept = cache.get(key)
    if kept is not None:
        return kept, False
    lock = f"{key}:computing"
    holds_lock = cache.add(lock, 1, COMPUTING_LOCK_SECONDS)
    if not holds_lock:
        kept = _wait_for(key, lock)
        if kept is not None:
            return kept, False
    try:
        answer = compute()
        cache.set(key, answer, timeout)
    finally:
        if holds_lock:  # a waiter computing after a failure must not release a newer holder's lock
            cache.delete(lock)
    return answer, True


def _wait_for(key: str, lock: str) -> Any:
    """The answer another caller is computing, once kept; None if its lock went away (it
    failed) or expired without an answer."""
    deadline = time.monotonic() + COMPUTING_LOCK_SECONDS
    pause = FIRST_POLL_SECONDS
    while time.monotonic() < deadline:
        time.sleep(pause)
        kept = cache.get(key)
        if kept is not None:
            return kept
        if cache.get(lock) is None:
            return cache.get(key)
        pause = min(pause * 2, LAST_POLL_SECONDS)
    return None
