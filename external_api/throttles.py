from rest_framework.throttling import SimpleRateThrottle

from common.api.throttles import ClientIpMixin


class ExternalThrottle(ClientIpMixin, SimpleRateThrottle):
    """5000/hour per partner client (OAuth application), whatever IP it calls from."""

    scope = "external"

    def get_cache_key(self, request, view):
        token = request.auth
        application_id = getattr(token, "application_id", None)
        ident = f"app-{application_id}" if application_id else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
