"""Public API: 100 requests/hour per client IP, and a forged X-Forwarded-For buys nothing."""

import pytest
from django.test import override_settings

PUBLIC_URL = "/api/v1/public/"
pytestmark = pytest.mark.django_db


def _hammer(api_client, count, forwarded_for, remote_addr="198.51.100.20"):
    return [
        api_client.get(PUBLIC_URL, HTTP_X_FORWARDED_FOR=forwarded_for(n), REMOTE_ADDR=remote_addr)
        for n in range(count)
    ]


def test_forged_forwarded_for_headers_do_not_escape_the_limit(api_client):
    responses = _hammer(api_client, 150, lambda n: f"10.{n // 250}.{n % 250}.1")
    successes = [response for response in responses if response.status_code == 200]
    assert len(successes) == 100
    assert responses[100].status_code == 429
    assert int(responses[100]["Retry-After"]) > 0
    assert set(responses[100].json()) == {"message", "extra"}
    assert all(response.status_code == 429 for response in responses[100:])


@override_settings(NUM_PROXIES=1)
def test_behind_one_proxy_the_client_is_what_the_proxy_saw(api_client):
    # The client forges the left part; our proxy appends the address it really saw.
    responses = _hammer(api_client, 120, lambda n: f"10.0.0.{n % 250}, 198.51.100.77", remote_addr="10.9.9.9")
    assert sum(response.status_code == 200 for response in responses) == 100
    # Another real client behind the same proxy has its own allowance.
    other = api_client.get(PUBLIC_URL, HTTP_X_FORWARDED_FOR="198.51.100.78", REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


def test_throttle_state_is_shared_through_redis(api_client, settings):
    from django.core.cache import cache

    assert "RedisCache" in settings.CACHES["default"]["BACKEND"]
    api_client.get(PUBLIC_URL, REMOTE_ADDR="198.51.100.30")
    assert any(key for key in cache._cache.get_client().keys("*throttle_public_198.51.100.30*"))
