"""Fuzz every input endpoint: never a 500, always the error shape, nothing written on failure."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oauth2_provider.models import AccessToken
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from tests.helpers import form_post

pytestmark = pytest.mark.django_db

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
token_payloads = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={
            "username": json_values,
            "password": json_values,
            "refresh": json_values,
            "token": json_values,
        },
    ),
)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

JSON_ENDPOINTS = [
    "/api/v1/internal/auth/token/",
    "/api/v1/internal/auth/token/refresh/",
    "/api/v1/internal/auth/token/verify/",
]


@pytest.mark.parametrize("url", JSON_ENDPOINTS)
@FUZZ
@given(payload=token_payloads)
def test_json_endpoints_answer_4xx_in_the_error_shape(url, payload):
    client = APIClient(REMOTE_ADDR="198.51.100.50")
    response = client.post(url, json.dumps(payload), content_type="application/json")
    assert 400 <= response.status_code < 500, (payload, response.content)
    assert set(response.json()) == {"message", "extra"}
    assert not OutstandingToken.objects.exists()


@pytest.mark.parametrize("url", JSON_ENDPOINTS)
@FUZZ
@given(body=st.binary(max_size=200))
def test_malformed_bodies_are_a_clear_400(url, body):
    response = APIClient().post(url, body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert set(response.json()) == {"message", "extra"}


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(["grant_type", "client_id", "client_secret", "scope", "token", "junk"]),
        st.text(max_size=60),
        max_size=6,
    )
)
def test_oauth_endpoints_never_fail_on_odd_input(fields):
    client = APIClient()
    for url in ("/api/v1/external/oauth/token/", "/api/v1/external/oauth/revoke/"):
        response = form_post(client, url, fields)
        assert response.status_code < 500, (url, fields, response.content)
    assert not AccessToken.objects.exists()


@FUZZ
@given(username=st.text(max_size=300), password=st.text(max_size=300))
def test_login_form_never_fails_on_odd_input(username, password):
    from django.test import Client

    response = Client(REMOTE_ADDR="198.51.100.51").post(
        "/accounts/login/", {"username": username, "password": password}
    )
    assert response.status_code in (200, 429)


def test_stored_text_comes_back_escaped(client):
    """What a user typed is shown as text, never as markup (login form echo)."""
    response = client.post("/accounts/login/", {"username": "<script>alert(1)</script>", "password": "x"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
