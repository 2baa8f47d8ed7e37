"""Throttles per namespace. State lives in the default cache: Redis whenever REDIS_URL is
set, so every web process counts together."""

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
