"""The public catalog cache: one version number, bumped by every change to an entry.

Cached public lists carry the version in their key, so a bump makes every old copy
unreachable at once (they expire on their own). Nothing ever clears the whole cache.
"""

import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils import translation

VERSION_KEY = "service_catalog:public_version"
LIST_TIMEOUT_SECONDS = 15 * 60  # a backstop: a bump is what makes changes visible


def _fresh_version() -> int:
    # Time-based, so a version key lost to eviction never comes back as an old number
    # whose cached lists might still be around.
    return int(time.time() * 1000)


def public_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        fresh = _fresh_version()
        cache.add(VERSION_KEY, fresh, timeout=None)  # another process may have set one first
        # The key can vanish again before it is read (an eviction, a flush): then this
        # request uses its own fresh version, which no cached answer carries.
        version = cache.get(VERSION_KEY, fresh)
    return int(version)


def public_version_bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key was missing
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)


def cached_public(name: str, params: dict, build: Callable[[], Any]) -> Any:
    """`build()`'s result, cached under the current version for these parameters and the
    active language (labels and titles are translated when the list is built)."""
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:24]
    language = translation.get_language() or "en"
    key = f"service_catalog:{name}:{public_version()}:{language}:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, LIST_TIMEOUT_SECONDS)
    return value
