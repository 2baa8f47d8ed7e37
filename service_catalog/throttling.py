"""Abuse limits of the public pages, on the same per-client-IP rule as the public API
(common.api.throttles.PublicThrottle, common.net.client_ip)."""

from common.api.throttles import PublicThrottle


def public_request_wait(request) -> int | None:
    """Count one public request (a form submission, an Open311 call) against the client's
    public allowance; seconds to wait when it is used up."""
    throttle = PublicThrottle()
    if throttle.allow_request(request, None):
        return None
    return max(1, int(throttle.wait() or 60))


class TrackingMissThrottle(PublicThrottle):
    """Unknown tracking codes asked for by one client: someone guessing codes runs out fast,
    someone following their own request never counts."""

    cache_format = "throttle_tracking_miss_%(ident)s"

    def get_cache_key(self, request, view):
        return self.cache_format % {"ident": self.get_ident(request)}


def tracking_miss_wait(request) -> int | None:
    """Seconds to wait when the client has asked for too many unknown codes (nothing counted)."""
    throttle = TrackingMissThrottle()
    if throttle.rate is None:
        return None
    now = throttle.timer()
    history = [
        moment
        for moment in throttle.cache.get(throttle.get_cache_key(request, None), [])
        if moment > now - throttle.duration
    ]
    if len(history) < throttle.num_requests:
        return None
    return max(1, int(throttle.duration - (now - history[-1])))


def tracking_miss_record(request) -> None:
    TrackingMissThrottle().allow_request(request, None)
