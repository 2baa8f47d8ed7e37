"""Abuse limits of the public pages, on the same per-client-IP rule as the public API
(common.api.throttles.PublicThrottle, common.net.client_ip)."""

import re

from common.api.throttles import PublicThrottle


def public_request_wait(request) -> int | None:
    """Count one public request (a form submission, an Open311 call) against the client's
    public allowance; seconds to wait when it is used up."""
    return _take(PublicThrottle(), request)


def _take(throttle: PublicThrottle, request) -> int | None:
    if throttle.allow_request(request, None):
        return None
    return max(1, int(throttle.wait() or 60))


class TrackingMissThrottle(PublicThrottle):
    """Unknown tracking codes asked for by one client, counted per code prefix (its first
    four symbols): someone guessing codes behind a shared NAT address does not lock out a
    neighbour mistyping their own code, which almost surely starts differently."""

    cache_format = "throttle_tracking_miss_%(ident)s_%(prefix)s"

    def __init__(self, code: str):
        symbols = re.sub(r"[^0-9A-Z]", "", (code or "").upper())
        # SR-7K3F-9Q2M: the letters say what kind of code, the prefix is what follows.
        self.prefix = symbols[2:6] if len(symbols) == 10 else symbols[:4]
        super().__init__()

    def get_cache_key(self, request, view):
        return self.cache_format % {"ident": self.get_ident(request), "prefix": self.prefix}


def tracking_miss(request, code: str) -> int | None:
    """Count one unknown code asked for; seconds to wait when the client has asked for too
    many with this prefix. Only misses are counted and limited: call it after the code was
    not found, so a correct code is never blocked."""
    return _take(TrackingMissThrottle(code), request)
