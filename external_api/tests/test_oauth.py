"""Partner OAuth2: client credentials, per-client scopes, hashed secrets, token lifetime."""

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher
from oauth2_provider.models import AccessToken, get_application_model

from common.errors import ApplicationError
from common.models import Role
from common.tests.factories import UserFactory
from external_api.services import partner_client_create
from external_api.tests.factories import make_partner_client
from external_api.throttles import ExternalThrottle
from tests.helpers import assert_error_shape, bearer, form_post, oauth_token

WHOAMI = "/api/v1/external/whoami/"
pytestmark = pytest.mark.django_db


def _token(api_client, profile, secret, scope=None):
    return oauth_token(api_client, profile.application.client_id, secret, scope)


def test_partner_gets_a_token_for_a_granted_scope_and_reads_whoami(api_client):
    profile, secret = make_partner_client(scopes=["ppas:read", "catalog:read"], organization_name="DSWD XII")
    response = _token(api_client, profile, secret, scope="ppas:read")
    assert response.status_code == 200
    token = response.json()
    assert token["scope"] == "ppas:read" and token["expires_in"] <= 3600
    whoami = api_client.get(WHOAMI, HTTP_AUTHORIZATION=f"Bearer {token['access_token']}")
    assert whoami.status_code == 200
    assert whoami.json()["organization"] == "DSWD XII" and whoami.json()["scopes"] == ["ppas:read"]


def test_asking_for_a_scope_not_granted_is_invalid_scope(api_client):
    profile, secret = make_partner_client(scopes=["ppas:read"])
    response = _token(api_client, profile, secret, scope="ppas:read dashboard:read")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"
    assert not AccessToken.objects.exists()


def test_no_scope_gets_exactly_the_granted_scopes(api_client):
    profile, secret = make_partner_client(scopes=["ppas:read", "meetings:read"])
    token = _token(api_client, profile, secret).json()
    assert sorted(token["scope"].split()) == ["meetings:read", "ppas:read"]


def test_client_secrets_are_stored_hashed(api_client):
    profile, secret = make_partner_client()
    stored = get_application_model().objects.get(pk=profile.application.pk).client_secret
    assert secret not in stored
    assert identify_hasher(stored) and check_password(secret, stored)
    assert _token(api_client, profile, "wrong-" + secret).json()["error"] == "invalid_client"


def test_access_tokens_live_at_most_one_hour(api_client):
    profile, secret = make_partner_client()
    _token(api_client, profile, secret)
    token = AccessToken.objects.get()
    assert (token.expires - token.created).total_seconds() <= 3600


def test_a_revoked_token_stops_working_at_once(api_client):
    profile, secret = make_partner_client()
    access = _token(api_client, profile, secret).json()["access_token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {access}"}
    assert api_client.get(WHOAMI, **auth).status_code == 200
    revoke = form_post(
        api_client,
        "/api/v1/external/oauth/revoke/",
        {"token": access, "client_id": profile.application.client_id, "client_secret": secret},
    )
    assert revoke.status_code == 200
    assert_error_shape(api_client.get(WHOAMI, **auth), 401)


def test_a_deactivated_client_gets_no_token_and_its_tokens_stop(api_client):
    profile, secret = make_partner_client()
    access = _token(api_client, profile, secret).json()["access_token"]
    profile.application.user.is_active = False
    profile.application.user.save(update_fields=["is_active"])
    assert _token(api_client, profile, secret).status_code == 401
    assert api_client.get(WHOAMI, HTTP_AUTHORIZATION=f"Bearer {access}").status_code == 401


def test_only_client_credentials_grant_is_accepted(api_client):
    profile, secret = make_partner_client()
    response = form_post(
        api_client,
        "/api/v1/external/oauth/token/",
        {
            "grant_type": "password",
            "username": "x",
            "password": "y",
            "client_id": profile.application.client_id,
            "client_secret": secret,
        },
    )
    assert response.status_code in (400, 401)
    assert response.json()["error"] in ("unsupported_grant_type", "unauthorized_client", "invalid_grant")
    assert not AccessToken.objects.exists()


def test_whoami_needs_a_token_and_a_staff_jwt_is_not_one(api_client):
    assert_error_shape(api_client.get(WHOAMI), 401)
    assert_error_shape(api_client.get(WHOAMI, **bearer(UserFactory(role=Role.OOBC_EXECUTIVE))), 401)


def test_partner_limits_count_per_client_not_per_ip(api_client, monkeypatch):
    monkeypatch.setattr(ExternalThrottle, "THROTTLE_RATES", {"external": "3/hour"})
    first, first_secret = make_partner_client(organization_name="First")
    second, second_secret = make_partner_client(organization_name="Second")
    first_auth = f"Bearer {_token(api_client, first, first_secret).json()['access_token']}"
    second_auth = f"Bearer {_token(api_client, second, second_secret).json()['access_token']}"
    statuses = [
        api_client.get(WHOAMI, HTTP_AUTHORIZATION=first_auth, REMOTE_ADDR=f"203.0.113.{n}").status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    assert api_client.get(WHOAMI, HTTP_AUTHORIZATION=second_auth).status_code == 200


def test_a_client_cannot_be_granted_an_unknown_scope():
    with pytest.raises(ApplicationError) as error:
        partner_client_create(
            owner=UserFactory(role=Role.EXTERNAL_PARTNER),
            organization_name="X",
            contact_email="x@example.org",
            scopes=["everything:write"],
        )
    assert error.value.field == "scopes"
    assert not get_application_model().objects.exists()


def test_only_partner_accounts_own_clients():
    with pytest.raises(ApplicationError):
        partner_client_create(
            owner=UserFactory(role=Role.OOBC_STAFF),
            organization_name="X",
            contact_email="x@example.org",
            scopes=["ppas:read"],
        )
