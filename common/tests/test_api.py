"""/api/v1/internal/ accounts: JWT obtain, rotation, blacklist, `me`, and the error shape."""

import jwt
import pytest
from django.conf import settings
from django.test import override_settings

from common.models import Role
from common.tests.factories import TEST_PASSWORD, UserFactory
from tests.helpers import assert_error_shape, bearer

TOKEN = "/api/v1/internal/auth/token/"
REFRESH = "/api/v1/internal/auth/token/refresh/"
VERIFY = "/api/v1/internal/auth/token/verify/"
ME = "/api/v1/internal/me/"

pytestmark = pytest.mark.django_db


def _obtain(api_client, user, password=TEST_PASSWORD):
    return api_client.post(TOKEN, {"username": user.username, "password": password}, format="json")


def test_staff_member_gets_tokens_and_reads_me(api_client):
    user = UserFactory(role=Role.MAO_FOCAL)
    tokens = _obtain(api_client, user).json()
    response = api_client.get(ME, HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == user.username and body["role"] == "mao_focal"
    meetings = next(grant for grant in body["grants"] if grant["area"] == "meetings")
    assert meetings["scope"] == "own_mao"


def test_the_signing_key_is_not_the_secret_key(api_client):
    access = _obtain(api_client, UserFactory()).json()["access"]
    assert settings.SIMPLE_JWT["SIGNING_KEY"] != settings.SECRET_KEY
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(access, settings.SECRET_KEY, algorithms=["HS256"])


def test_a_rotated_refresh_token_cannot_be_used_again(api_client):
    refresh = _obtain(api_client, UserFactory()).json()["refresh"]
    first = api_client.post(REFRESH, {"refresh": refresh}, format="json")
    assert first.status_code == 200 and first.json()["refresh"] != refresh
    again = api_client.post(REFRESH, {"refresh": refresh}, format="json")
    assert_error_shape(again, 401)


def test_a_deactivated_user_is_refused_on_the_next_call(api_client):
    user = UserFactory()
    tokens = _obtain(api_client, user).json()
    assert api_client.get(ME, HTTP_AUTHORIZATION=f"Bearer {tokens['access']}").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert_error_shape(api_client.get(ME, HTTP_AUTHORIZATION=f"Bearer {tokens['access']}"), 401)
    assert api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json").status_code == 401


def test_wrong_password_answers_401_without_saying_which_part_was_wrong(api_client):
    user = UserFactory()
    wrong = _obtain(api_client, user, password="not-the-password")
    ghost = api_client.post(TOKEN, {"username": "ghost", "password": "not-the-password"}, format="json")
    assert_error_shape(wrong, 401)
    assert wrong.json() == ghost.json()


def test_repeated_token_failures_lock_out_with_429(api_client):
    user = UserFactory()
    for _ in range(5):
        _obtain(api_client, user, password="not-the-password")
    locked = _obtain(api_client, user)
    assert_error_shape(locked, 429)
    assert locked["Retry-After"]


@pytest.mark.parametrize(
    "payload,field",
    [({}, "username"), ({"username": "a"}, "password"), ({"password": "a"}, "username")],
)
def test_token_bad_input_names_the_field(api_client, payload, field):
    assert_error_shape(api_client.post(TOKEN, payload, format="json"), 400, field=field)


def test_refresh_and_verify_bad_input_name_the_field(api_client):
    assert_error_shape(api_client.post(REFRESH, {}, format="json"), 400, field="refresh")
    assert_error_shape(api_client.post(VERIFY, {}, format="json"), 400, field="token")
    assert_error_shape(api_client.post(VERIFY, {"token": "not-a-jwt"}, format="json"), 401)


def test_me_without_token_is_401_in_the_error_shape(api_client):
    response = api_client.get(ME)
    assert_error_shape(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_partner_cannot_use_the_staff_api(api_client):
    partner = UserFactory(role=Role.EXTERNAL_PARTNER)
    assert_error_shape(api_client.get(ME, **bearer(partner)), 403)


def test_wrong_method_is_405_in_the_error_shape(api_client):
    assert_error_shape(api_client.delete(ME, **bearer(UserFactory())), 405)


@override_settings(DEBUG=False)
def test_unknown_api_path_is_json_404(api_client):
    assert_error_shape(api_client.get("/api/v1/internal/no-such-thing/"), 404)


def test_public_root_links_its_docs(api_client):
    body = api_client.get("/api/v1/public/").json()
    assert body["links"]["docs"].endswith("/api/v1/public/docs/")


def test_cors_is_allowed_on_the_public_api_only(api_client):
    origin = {"HTTP_ORIGIN": "https://partner.example"}
    assert api_client.get("/api/v1/public/", **origin)["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in api_client.get(ME, **origin)
