"""The client's IP address, as far as we can trust it.

With NUM_PROXIES trusted reverse proxies in front of the app, the client is the address the
outermost of our proxies saw: NUM_PROXIES entries from the right of X-Forwarded-For. Anything
further left was written by the client and is ignored, so forging the header buys nothing.
Used by the API throttles and by django-axes' lockouts alike.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote_addr = request.META.get("REMOTE_ADDR", "")
    num_proxies = settings.NUM_PROXIES
    forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR")
    if num_proxies <= 0 or not forwarded_for:
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if not hops:
        return remote_addr
    return hops[-min(num_proxies, len(hops))]
