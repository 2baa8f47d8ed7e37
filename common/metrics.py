"""Request latency and error metrics in Prometheus format (read at /metrics).

Labels use the URL *route* (e.g. `api/v1/internal/me/`), never the raw path, so a scan of
random URLs cannot blow up the number of time series.
"""

import time

from prometheus_client import Counter, Histogram

REQUEST_LATENCY = Histogram(
    "obcms_http_request_duration_seconds",
    "Time from request to response, by route",
    ["method", "route", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
REQUEST_ERRORS = Counter("obcms_http_exceptions_total", "Unhandled exceptions, by route", ["method", "route"])


def _route_of(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.route if match is not None else "<unmatched>"


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        REQUEST_LATENCY.labels(request.method, _route_of(request), str(response.status_code)).observe(
            time.perf_counter() - started
        )
        return response

    def process_exception(self, request, exception):
        REQUEST_ERRORS.labels(request.method, _route_of(request)).inc()
