"""Each cause of HTTP 500 the attack run of issue 11 found, reproduced, then answered with a 4xx."""

import datetime
import json

import jwt
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from common.models import Role
from common.tests.factories import UserFactory
from coordination.models import EngagementParticipant
from coordination.tests.factories import EngagementFactory, FocalPersonFactory, OrganizationFactory
from monitoring.tests.factories import PpaFactory
from tests.helpers import TOKEN_URL, assert_error_shape, bearer, form_post

pytestmark = pytest.mark.django_db
INTERNAL = "/api/v1/internal"


def test_inviting_a_participant_with_rsvp_and_attendance_records_them():
    staff = UserFactory(role=Role.OOBC_STAFF)
    engagement = EngagementFactory()
    focal = FocalPersonFactory(organization=OrganizationFactory())
    response = APIClient().post(
        f"{INTERNAL}/engagements/{engagement.uid}/participants/",
        {"focal_person": str(focal.uid), "rsvp": "accepted", "attendance": "present"},
        format="json",
        **bearer(staff),
    )
    assert response.status_code == 201, response.content
    participant = EngagementParticipant.objects.get(uid=response.json()["uid"])
    assert (participant.rsvp, participant.attendance) == ("accepted", "present")


def test_an_unknown_rsvp_on_invitation_is_a_400_naming_it():
    staff = UserFactory(role=Role.OOBC_STAFF)
    engagement = EngagementFactory()
    response = APIClient().post(
        f"{INTERNAL}/engagements/{engagement.uid}/participants/",
        {"name": "Datu Ali", "rsvp": "perhaps"},
        format="json",
        **bearer(staff),
    )
    assert_error_shape(response, 400, field="rsvp")
    assert not EngagementParticipant.objects.filter(engagement=engagement).exists()


DEEP = "[" * 20_000 + "]" * 20_000


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/public/catalog/service-requests/",
        f"{INTERNAL}/auth/token/",
        f"{INTERNAL}/auth/token/refresh/",
        f"{INTERNAL}/auth/token/verify/",
        f"{INTERNAL}/engagements/",
    ],
)
def test_a_deeply_nested_json_body_is_a_400_before_parsing(url):
    client = APIClient(REMOTE_ADDR="198.51.100.7")
    headers = bearer(UserFactory(role=Role.OOBC_STAFF)) if "engagements" in url else {}
    response = client.post(url, DEEP, content_type="application/json", **headers)
    body = assert_error_shape(response, 400)
    assert "nests deeper" in body["message"]


def test_an_oversized_json_body_is_a_400(settings):
    settings.API_JSON_MAX_BYTES = 1000
    response = APIClient().post(
        f"{INTERNAL}/auth/token/", json.dumps({"username": "x" * 2000}), content_type="application/json"
    )
    assert "larger than" in assert_error_shape(response, 400)["message"]


def test_brackets_inside_strings_do_not_count_as_nesting():
    from common.api.parsers import json_depth

    assert json_depth(json.dumps({"note": "[[[[[[" * 100}).encode()) == 1
    assert json_depth(b'{"a": [{"b": [1, "]]]"]}]}') == 4


@pytest.mark.parametrize(
    "grant_type",
    ["urn:ietf:params:oauth:grant-type:device_code", "password", "authorization_code", "refresh_token"],
)
def test_the_token_endpoint_offers_only_client_credentials(grant_type):
    response = form_post(Client(), TOKEN_URL, {"grant_type": grant_type})
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"
    assert response["Cache-Control"] == "no-store"


def test_a_token_request_without_grant_type_is_an_invalid_request():
    response = form_post(Client(), TOKEN_URL, {"client_id": "x"})
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")


@pytest.mark.parametrize("field", ["communities", "needs_addressed"])
@pytest.mark.parametrize("bad", ["not-a-uuid", "1"])
def test_the_ppa_pages_answer_a_bad_relation_key_with_a_field_error(client, field, bad):
    staff = UserFactory(role=Role.OOBC_STAFF)
    client.force_login(staff)
    ppa = PpaFactory()
    for url in (reverse("monitoring:ppa_create"), reverse("monitoring:ppa_edit", kwargs={"uid": ppa.uid})):
        response = client.post(url, {"title": "T", field: bad})
        assert response.status_code in (200, 400), (url, response.status_code)


def _jwt(payload: dict) -> str:
    return jwt.encode(payload, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")


@pytest.mark.parametrize("user_id", ["abc", "1.5", "", "9" * 40, None, [1], {"id": 1}])
def test_a_signed_token_whose_user_id_is_not_a_number_is_a_401(user_id):
    now = int(timezone.now().timestamp())
    token = _jwt({"token_type": "access", "exp": now + 300, "iat": now, "jti": "x", "user_id": user_id})
    response = APIClient().get(f"{INTERNAL}/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert_error_shape(response, 401)


@pytest.mark.parametrize("user_id", ["abc", "9" * 40])
def test_refreshing_with_a_token_naming_no_user_is_a_401(user_id):
    now = int(timezone.now().timestamp())
    token = _jwt({"token_type": "refresh", "exp": now + 300, "iat": now, "jti": "y", "user_id": user_id})
    response = APIClient().post(f"{INTERNAL}/auth/token/refresh/", {"refresh": token}, format="json")
    assert_error_shape(response, 401)


def test_an_expired_token_says_so():
    user = UserFactory(role=Role.OOBC_STAFF)
    past = int((timezone.now() - datetime.timedelta(hours=1)).timestamp())
    token = _jwt(
        {"token_type": "access", "exp": past, "iat": past - 600, "jti": "z", "user_id": str(user.pk)}
    )
    response = APIClient().get(f"{INTERNAL}/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert assert_error_shape(response, 401)["message"] == "Token is expired"
