"""Throttles per namespace. State lives in the default cache: Redis whenever REDIS_URL is
set, so every web process counts together."""

import hashlib

from rest_framework.throttling import SimpleRateThrottle

from common.net import client_ip


class ClientIpMixin:
    def get_ident(self, request):
        return client_ip(request)


class PublicThrottle(ClientIpMixin, SimpleRateThrottle):
    """100/hour per client IP (common.net.client_ip: a forged X-Forwarded-For buys nothing)."""

    scope = "public"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class InternalThrottle(ClientIpMixin, SimpleRateThrottle):
    """1000/hour per signed-in user."""

    scope = "internal"

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user and request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class KeyedThrottle(SimpleRateThrottle):
    """An allowance per any key, not per request: an email address that is sent mail, a
    client IP that asks for password resets. Keys are hashed, so no address sits in the cache."""

    def __init__(self, scope: str, key: str):
        self.scope = scope
        self.ident = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
        super().__init__()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}


def allowance_take(scope: str, key: str) -> int | None:
    """Count one use of `key`'s allowance under `scope` (a DEFAULT_THROTTLE_RATES entry);
    seconds to wait when it is used up (nothing counted then)."""
    throttle = KeyedThrottle(scope, key)
    if throttle.allow_request(None, None):
        return None
    return max(1, int(throttle.wait() or 60))
