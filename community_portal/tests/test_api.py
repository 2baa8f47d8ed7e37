"""The portal's public API: the design's exact paths, errors naming the field, nothing personal."""

import pytest
from django.core import mail

from community_portal.models import PortalFeedback, PortalRequest
from community_portal.privacy import PORTAL_PRIVACY_NOTICE_VERSION
from community_portal.services import requests
from community_portal.tests.test_services import ANSWERS, complete_obc_request

REQUESTS = "/api/v1/public/portal/requests/"
FEEDBACK = "/api/v1/public/portal/feedback/"


def payload(community, **overrides):
    data = {
        "kind": "assistance",
        "sector": "infrastructure",
        "title": "Water system",
        "details": "Our sitio has no safe water.",
        "beneficiaries": 120,
        "barangay": community.barangay.psgc_code,
        "requester_name": "Amina Sarip",
        "requester_email": "amina@example.org",
        "privacy_consent": True,
        "privacy_notice_version": PORTAL_PRIVACY_NOTICE_VERSION,
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_filing_an_obc_request_answers_its_code_and_nothing_personal(api_client, community):
    response = api_client.post(REQUESTS, payload(community), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["tracking_code"].startswith("SR-") and body["status"] == "submitted"
    status = api_client.get(f"{REQUESTS}{body['tracking_code']}/status/").json()
    assert status["status"] == "submitted" and status["municipality"] == community.municipality.name
    text = str(body) + str(status)
    assert "Amina" not in text and "amina@example.org" not in text and "safe water" not in text


@pytest.mark.django_db
def test_naming_a_catalog_service_files_that_services_request(api_client, community, service):
    response = api_client.post(
        REQUESTS, payload(community, kind="catalog_service", service=service.slug), format="json"
    )
    assert response.status_code == 201, response.json()
    code = response.json()["tracking_code"]
    assert PortalRequest.objects.get(tracking_code=code).service_request.tracking_code == code
    status = api_client.get(f"{REQUESTS}{code}/status/").json()
    assert status["service"]["slug"] == service.slug and "Amina" not in str(status)


@pytest.mark.django_db
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api_client, community):
    for field, value in (
        ("barangay", "0000000000"),
        ("privacy_consent", False),
        ("kind", "bribe"),
        ("title", ""),
    ):
        response = api_client.post(REQUESTS, payload(community, **{field: value}), format="json")
        assert response.status_code == 400 and field in response.json()["extra"]["fields"], (
            field,
            response.json(),
        )
    response = api_client.post(REQUESTS, payload(community, details="<script>x</script>"), format="json")
    assert response.status_code == 400 and "details" in response.json()["extra"]["fields"]
    assert not PortalRequest.objects.exists()


@pytest.mark.django_db
def test_an_unknown_code_is_a_404(api_client):
    assert api_client.get(f"{REQUESTS}SR-2345-6789/status/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_feedback_through_the_api_uses_the_invitation_once(api_client, leader, staff, mao):
    complete_obc_request(leader, staff, mao)
    message = [message for message in mail.outbox if "how did we do" in message.subject][-1]
    token = (
        next(word for word in message.body.split() if "/portal/feedback/" in word)
        .rstrip("/")
        .rsplit("/", 1)[1]
    )
    answers = dict(ANSWERS)
    first = api_client.post(FEEDBACK, {**answers, "token": token}, format="json")
    assert first.status_code == 201 and first.json() == {"status": "received"}
    again = api_client.post(FEEDBACK, {**answers, "token": token}, format="json")
    assert again.status_code == 400 and "token" in again.json()["extra"]["fields"]
    assert PortalFeedback.objects.get().author is None  # anonymous unless asked otherwise


@pytest.mark.django_db
def test_feedback_on_a_service_refuses_answers_off_the_scale(api_client, service):
    response = api_client.post(FEEDBACK, {**ANSWERS, "service": service.slug, "sqd4": "9"}, format="json")
    assert response.status_code == 400 and "sqd4" in response.json()["extra"]["fields"]
    missing = api_client.post(FEEDBACK, {"cc1": "1", "sqd0": "5"}, format="json")
    assert missing.status_code == 400 and "service" in missing.json()["extra"]["fields"]
    assert api_client.post(FEEDBACK, {**ANSWERS, "service": service.slug}, format="json").status_code == 201
    assert requests  # the module is what files requests in the other tests
