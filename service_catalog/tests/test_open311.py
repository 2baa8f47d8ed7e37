"""Open311 GeoReport v2: the spec's resources, field names, formats and error format."""

import json
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from common.tests.geo_factories import BarangayFactory
from service_catalog.models import EntryStatus, RequestStatus, ServiceRequest
from service_catalog.privacy import PRIVACY_NOTICE_VERSION
from service_catalog.services.requests import service_request_add_note, service_request_requester_answered
from service_catalog.tests.factories import EntryFactory, move, submit_request
from tests.helpers import form_post

pytestmark = pytest.mark.django_db

# Field lists of http://wiki.open311.org/GeoReport_v2 (and its Service Discovery page).
DISCOVERY_FIELDS = {"changeset", "contact", "key_service", "endpoints"}
ENDPOINT_FIELDS = {"specification", "url", "changeset", "type", "formats"}
SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
DEFINITION_FIELDS = {"service_code", "attributes"}
ATTRIBUTE_FIELDS = {
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
}
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
POST_RESPONSE_FIELDS = {"service_request_id", "service_notice", "account_id"}
ERROR_FIELDS = {"code", "description"}
PERSONAL = ("Amina", "Sarip", "amina@example.org", "We need starter kits")


def url(name, fmt="json", **kwargs):
    return reverse(f"open311:{name}", kwargs={"format": fmt, **kwargs})


def xml(response) -> ElementTree.Element:
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ElementTree.fromstring(response.content)


def children(element) -> set[str]:
    return {child.tag for child in element}


def _post(client, entry, barangay, fmt="json", **overrides):
    data = {
        "service_code": entry.slug,
        "first_name": "Amina",
        "last_name": "Sarip",
        "email": "amina@example.org",
        "description": "We need starter kits for ten families.",
        "address_id": barangay.psgc_code,
        "address_string": "Purok 3",
        "attribute[privacy_consent]": PRIVACY_NOTICE_VERSION,
        "attribute[beneficiaries]": "10",
        "lat": "7.2",
        "long": "124.2",
        "api_key": "anything",
    }
    data.update(overrides)
    return form_post(client, url("requests", fmt), {k: v for k, v in data.items() if v is not None})


# --- Discovery and services ---------------------------------------------------------------


def test_discovery_follows_the_spec(client):
    body = client.get(url("discovery")).json()
    assert set(body) == DISCOVERY_FIELDS
    [endpoint] = body["endpoints"]
    assert set(endpoint) == ENDPOINT_FIELDS
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/") and "text/xml" in endpoint["formats"]
    root = xml(client.get(url("discovery", "xml")))
    assert root.tag == "discovery" and children(root) == DISCOVERY_FIELDS
    assert children(root.find("endpoints/endpoint")) == ENDPOINT_FIELDS


def test_services_are_the_published_entries_taking_requests(client):
    open_entry = EntryFactory(title="Seed capital")
    EntryFactory(status=EntryStatus.DRAFT)
    EntryFactory(accepting_requests=False)
    body = client.get(url("services")).json()
    assert [service["service_code"] for service in body] == [open_entry.slug]
    assert set(body[0]) == SERVICE_FIELDS
    assert body[0]["metadata"] is True and body[0]["type"] == "realtime"
    root = xml(client.get(url("services", "xml")))
    assert root.tag == "services"
    assert [children(service) for service in root] == [SERVICE_FIELDS]
    assert root.find("service/metadata").text == "true"


def test_a_service_definition_lists_its_attributes(client):
    entry = EntryFactory()
    body = client.get(url("service", slug=entry.slug)).json()
    assert set(body) == DEFINITION_FIELDS and body["service_code"] == entry.slug
    for attribute in body["attributes"]:
        assert set(attribute) == ATTRIBUTE_FIELDS and attribute["datatype"] in DATATYPES
    consent = body["attributes"][0]
    assert consent["code"] == "privacy_consent" and consent["required"] is True
    assert consent["values"] == [
        {"key": PRIVACY_NOTICE_VERSION, "name": "I have read the privacy notice and agree"}
    ]
    root = xml(client.get(url("service", "xml", slug=entry.slug)))
    assert root.tag == "service_definition" and children(root) == DEFINITION_FIELDS
    assert children(root.find("attributes/attribute")) == ATTRIBUTE_FIELDS
    assert children(root.find("attributes/attribute/values/value")) == {"key", "name"}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_is_a_404_in_the_spec_error_format(client, fmt):
    response = client.get(url("service", fmt, slug="no-such-service"))
    assert response.status_code == 404
    if fmt == "json":
        [error] = response.json()
        assert set(error) == ERROR_FIELDS and error["code"] == 404 and "service_code" in error["description"]
    else:
        root = xml(response)
        assert root.tag == "errors" and children(root.find("error")) == ERROR_FIELDS


# --- Requests -----------------------------------------------------------------------------


def test_the_anonymous_list_shows_only_notes_written_for_the_public(client, staff):
    service_request = submit_request()
    move(
        service_request,
        staff,
        RequestStatus.UNDER_REVIEW,
        public_note="We are checking your papers.",
        internal_note="Amina Sarip, PhilSys 1234-5678-9012-3456: ask the barangay.",
    )
    move(service_request, staff, RequestStatus.NEEDS_INFO, public_note="Send your certificate.")
    service_request_requester_answered(
        service_request=service_request, public_note="Here it is, I am Amina of Purok 3."
    )
    service_request_add_note(
        service_request=service_request, acting_user=staff, internal_note="Amina's certificate is fine."
    )
    body = client.get(url("requests")).content.decode()
    [row] = json.loads(body)
    assert "Send your certificate." in row["status_notes"]
    assert "Amina" not in body and "PhilSys" not in body and "Purok 3" not in body


def test_an_open311_client_files_and_follows_a_request(client, staff):
    entry, barangay = EntryFactory(), BarangayFactory()
    response = _post(client, entry, barangay)
    assert response.status_code == 201, response.content
    [created] = response.json()
    assert set(created) == POST_RESPONSE_FIELDS
    service_request = ServiceRequest.objects.get()
    assert created["service_request_id"] == service_request.tracking_code
    assert service_request.requester_name == "Amina Sarip" and service_request.channel == "open311"
    assert service_request.beneficiaries == 10 and service_request.location_details == "Purok 3"

    move(service_request, staff, RequestStatus.UNDER_REVIEW, public_note="Checking your papers.")
    [row] = client.get(url("request", code=service_request.tracking_code)).json()
    assert set(row) == REQUEST_FIELDS
    assert (
        row["status"] == "open"
        and "under_review" in row["status_notes"]
        and "Checking" in row["status_notes"]
    )
    assert "7 working days" in row["service_notice"]
    assert row["agency_responsible"] == entry.mao.name
    root = xml(client.get(url("request", "xml", code=service_request.tracking_code)))
    assert root.tag == "service_requests" and children(root.find("request")) == REQUEST_FIELDS


def test_posting_in_xml_answers_in_xml(client):
    response = _post(client, EntryFactory(), BarangayFactory(), fmt="xml")
    assert response.status_code == 201
    root = xml(response)
    assert root.tag == "service_requests" and children(root.find("request")) == POST_RESPONSE_FIELDS


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"service_code": "no-such-service"}, "service_code"),
        ({"address_id": None, "address_string": None, "lat": None, "long": None}, "address_id"),
        ({"address_id": "0000000000"}, "address_id"),
        ({"address_id": None, "address_string": None, "long": None}, "long"),
        ({"lat": "91"}, "lat"),
        ({"email": "", "phone": ""}, "attribute[contact]"),
        ({"email": "nope"}, "email"),
        ({"phone": "call me", "email": ""}, "phone"),
        ({"description": "<script>x</script>"}, "description"),
        ({"attribute[privacy_consent]": None}, "attribute[privacy_consent]"),
        ({"attribute[privacy_consent]": "2001-01"}, "attribute[privacy_consent]"),
        ({"attribute[beneficiaries]": "-3"}, "attribute[beneficiaries]"),
        ({"jurisdiction_id": "elsewhere.example"}, "jurisdiction_id"),
    ],
)
def test_bad_posts_answer_the_spec_error_format_naming_the_field_and_write_nothing(client, overrides, field):
    response = _post(client, EntryFactory(), BarangayFactory(), **overrides)
    assert 400 <= response.status_code < 500
    errors = response.json()
    assert isinstance(errors, list) and errors
    assert all(set(error) == ERROR_FIELDS and error["code"] == response.status_code for error in errors)
    assert any(error["description"].startswith(f"{field}:") for error in errors), errors
    assert not ServiceRequest.objects.exists()


def test_posting_needs_no_csrf_token_and_no_api_key(client):
    from django.test import Client

    response = _post(Client(enforce_csrf_checks=True), EntryFactory(), BarangayFactory(), api_key=None)
    assert response.status_code == 201


def test_the_request_list_filters_like_the_spec(client, staff):
    entry, other = EntryFactory(), EntryFactory()
    first = submit_request(entry=entry)
    second = submit_request(entry=other)
    move(second, staff, RequestStatus.REJECTED, public_note="No.")

    def ids(**params):
        return [row["service_request_id"] for row in client.get(url("requests"), params).json()]

    assert set(ids()) == {first.tracking_code, second.tracking_code}
    assert ids(service_code=entry.slug) == [first.tracking_code]
    assert ids(status="closed") == [second.tracking_code]
    assert set(ids(status="open,closed")) == {first.tracking_code, second.tracking_code}
    assert ids(service_request_id=second.tracking_code, status="open") == [second.tracking_code]
    assert ids(start_date="2099-01-01T00:00:00+08:00") == []
    assert ids(end_date="2020-01-01T00:00:00Z") == []  # the default window: 90 days before end_date
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    window = {
        "start_date": (now - timedelta(days=80)).isoformat(),
        "end_date": (now + timedelta(days=1)).isoformat(),
    }
    assert set(ids(**window)) == {first.tracking_code, second.tracking_code}


@pytest.mark.parametrize(
    ("params", "field"), [({"status": "pending"}, "status"), ({"start_date": "yesterday"}, "start_date")]
)
def test_bad_list_filters_are_a_400(client, params, field):
    response = client.get(url("requests"), params)
    assert response.status_code == 400 and response.json()[0]["description"].startswith(f"{field}:")


def test_an_unknown_request_is_a_404(client):
    response = client.get(url("request", code="SR-2345-6789"))
    assert response.status_code == 404 and response.json()[0]["code"] == 404


def test_nothing_personal_ever_leaves_through_open311(client):
    entry = EntryFactory()
    service_request = submit_request(entry=entry, requester_phone="+63 917 555 0101")
    for response in (
        client.get(url("requests")),
        client.get(url("requests", "xml")),
        client.get(url("request", code=service_request.tracking_code)),
        _post(client, entry, BarangayFactory()),
    ):
        text = response.content.decode()
        for personal in (*PERSONAL, "+63 917 555 0101", "Purok 3"):
            assert personal not in text, (personal, text)


def test_the_request_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    entry = EntryFactory()
    submit_request(entry=entry)
    with django_assert_max_num_queries(3):
        client.get(url("requests"))
    for _ in range(6):
        submit_request(entry=entry)
    with django_assert_max_num_queries(3):
        assert len(json.loads(client.get(url("requests")).content)) == 7


def test_open311_is_throttled_per_client(client, monkeypatch):
    from common.api.throttles import PublicThrottle

    monkeypatch.setattr(PublicThrottle, "THROTTLE_RATES", {"public": "2/hour"})
    answers = [client.get(url("services")) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[2]["Retry-After"] and answers[2].json()[0]["code"] == 429
