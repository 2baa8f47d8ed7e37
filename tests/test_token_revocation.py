"""Tokens die with the password and with the partner: a password change, a reset or a
deactivation stops the user's JWTs at once; deactivating a partner client or narrowing its
scopes stops its issued OAuth tokens at once; the token endpoint limits failed attempts."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from common.models import Role
from common.tests.factories import UserFactory
from external_api.oauth import TOKEN_ATTEMPTS
from external_api.tests.factories import make_partner_client
from tests.helpers import oauth_token

pytestmark = pytest.mark.django_db
INTERNAL = "/api/v1/internal"
PASSWORD = "correct horse battery staple 2026"


def _sign_in(user) -> tuple[str, str]:
    response = APIClient(REMOTE_ADDR="203.0.113.5").post(
        f"{INTERNAL}/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["access"], response.json()["refresh"]


def _me(access: str) -> int:
    return APIClient().get(f"{INTERNAL}/me/", HTTP_AUTHORIZATION=f"Bearer {access}").status_code


def _refresh(refresh: str):
    return APIClient().post(f"{INTERNAL}/auth/token/refresh/", {"refresh": refresh}, format="json")


@pytest.fixture
def staff():
    user = UserFactory(role=Role.OOBC_STAFF)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_a_password_change_on_the_page_kills_the_refresh_token_and_old_access_tokens(staff):
    access, refresh = _sign_in(staff)
    assert _me(access) == 200
    client = Client()
    client.force_login(staff)
    response = client.post(
        reverse("common:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new passphrase 77",
            "new_password2": "a brand new passphrase 77",
        },
    )
    assert response.status_code == 302
    assert _me(access) == 401
    assert _refresh(refresh).status_code == 401
    # A token minted with the new password works.
    staff.refresh_from_db()
    assert (
        APIClient()
        .post(
            f"{INTERNAL}/auth/token/",
            {"username": staff.username, "password": "a brand new passphrase 77"},
            format="json",
        )
        .status_code
        == 200
    )


def test_a_password_set_anywhere_revokes_every_outstanding_refresh_token(staff):
    from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

    first = _sign_in(staff)
    second = _sign_in(staff)
    staff.set_password("reset by the admin 2026!")
    staff.save()
    assert OutstandingToken.objects.filter(user=staff, blacklistedtoken__isnull=True).count() == 0
    for access, refresh in (first, second):
        assert _me(access) == 401
        assert _refresh(refresh).status_code == 401


def test_deactivation_kills_the_refresh_token(staff):
    access, refresh = _sign_in(staff)
    staff.is_active = False
    staff.save()
    assert _me(access) == 401
    assert _refresh(refresh).status_code == 401


def test_the_401_says_why(staff):
    access, _refresh_token = _sign_in(staff)
    staff.set_password("another passphrase 2026")
    staff.save()
    response = APIClient().get(f"{INTERNAL}/me/", HTTP_AUTHORIZATION=f"Bearer {access}")
    assert "password has changed" in response.json()["message"]


def _partner_token(profile, secret, client=None) -> str:
    response = oauth_token(client or Client(), profile.application.client_id, secret)
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def _whoami(token: str) -> int:
    return APIClient().get("/api/v1/external/whoami/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code


def test_deactivating_a_partner_client_stops_its_issued_token_at_once():
    profile, secret = make_partner_client()
    token = _partner_token(profile, secret)
    assert _whoami(token) == 200
    profile.is_active = False
    profile.save()
    assert _whoami(token) == 401


def test_narrowing_a_partners_scopes_stops_tokens_carrying_the_removed_scope():
    profile, secret = make_partner_client(scopes=("ppas:read", "catalog:read"))
    token = _partner_token(profile, secret)
    assert _whoami(token) == 200
    profile.allowed_scopes = "ppas:read"
    profile.save()
    assert _whoami(token) == 401
    assert _whoami(_partner_token(profile, secret)) == 200  # a new token has only what is granted


def test_the_token_endpoint_limits_failed_attempts_per_client_id_and_ip():
    profile, secret = make_partner_client()
    client = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(TOKEN_ATTEMPTS):
        assert oauth_token(client, profile.application.client_id, "wrong").status_code == 401
    locked = oauth_token(client, profile.application.client_id, secret)
    assert locked.status_code == 429 and locked["Retry-After"]
    assert locked.json()["error"] == "slow_down"
    # Another IP, or another client id, is not locked out.
    assert (
        oauth_token(Client(REMOTE_ADDR="198.51.100.10"), profile.application.client_id, secret).status_code
        == 200
    )
