"""Helpers shared by tests across apps."""

import threading
from urllib.parse import urlencode

from rest_framework_simplejwt.tokens import RefreshToken

TOKEN_URL = "/api/v1/external/oauth/token/"


def bearer(user) -> dict:
    """Authorization header with a fresh JWT access token for `user`."""
    return {"HTTP_AUTHORIZATION": f"Bearer {RefreshToken.for_user(user).access_token}"}


def oauth_token(client, client_id: str, secret: str, scope: str | None = None):
    data = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    if scope is not None:
        data["scope"] = scope
    return form_post(client, TOKEN_URL, data)


def form_post(client, url: str, data: dict, **extra):
    """POST as application/x-www-form-urlencoded, as OAuth 2.0 requires for its endpoints."""
    return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded", **extra)


def assert_error_shape(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"message", "extra"}, body
    assert isinstance(body["message"], str) and body["message"]
    if field is not None:
        assert field in body["extra"]["fields"], body
    return body


def run_at_once(work, *, times: int = 2, timeout: float = 60) -> tuple[list, list]:
    """Run `work()` in `times` threads released together (real concurrent database
    sessions). Returns (results, errors); each thread closes its own connection."""
    from django.db import connection

    start, results, errors = threading.Barrier(times), [], []

    def run():
        try:
            start.wait()
            results.append(work())
        except Exception as error:  # noqa: BLE001 - handed to the test to assert on
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results, errors
