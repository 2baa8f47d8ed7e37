"""Public API of the catalog: anonymous, published entries only, nothing personal."""

import pytest
from django.urls import reverse

from common.tests.geo_factories import BarangayFactory, MunicipalityFactory
from service_catalog.models import EntryStatus, RequestStatus, ServiceRequest
from service_catalog.privacy import PRIVACY_NOTICE_VERSION
from service_catalog.tests.factories import EntryFactory, move, submit_request
from tests.helpers import assert_error_shape

pytestmark = pytest.mark.django_db
LIST = reverse("api-public:catalog-services")
CREATE = reverse("api-public:catalog-request-create")
PERSONAL = ("Amina Sarip", "amina@example.org", "We need starter kits")


def _detail(key):
    return reverse("api-public:catalog-service", kwargs={"slug": key})


def _status(code):
    return reverse("api-public:catalog-request-status", kwargs={"code": code})


def _payload(entry, place, **overrides):
    data = {
        "service": entry.slug,
        "requester_name": "Amina Sarip",
        "requester_email": "amina@example.org",
        "barangay": place.psgc_code,
        "details": "We need starter kits for ten families.",
        "beneficiaries": 10,
        "privacy_consent": True,
        "privacy_notice_version": PRIVACY_NOTICE_VERSION,
    }
    data.update(overrides)
    return data


def test_the_list_holds_published_services_only(api_client):
    published = EntryFactory(title="Rice seeds")
    EntryFactory(status=EntryStatus.DRAFT)
    EntryFactory(status=EntryStatus.ARCHIVED)
    body = api_client.get(LIST).json()
    assert [row["slug"] for row in body["results"]] == [published.slug]
    assert body["results"][0]["mao"]["acronym"] == published.mao.acronym


def test_the_list_searches_and_filters(api_client, mao):
    EntryFactory(title="College scholarship", mao=mao, sector="social")
    EntryFactory(title="Fishing gear", sector="economic")
    assert [r["title"] for r in api_client.get(LIST, {"q": "scholarship"}).json()["results"]] == [
        "College scholarship"
    ]
    assert [r["title"] for r in api_client.get(LIST, {"sector": "economic"}).json()["results"]] == [
        "Fishing gear"
    ]
    assert [r["title"] for r in api_client.get(LIST, {"mao": str(mao.uid)}).json()["results"]] == [
        "College scholarship"
    ]


def test_the_list_runs_a_constant_number_of_queries(api_client, django_assert_max_num_queries):
    EntryFactory.create_batch(2)
    with django_assert_max_num_queries(4):
        api_client.get(LIST)
    EntryFactory.create_batch(10)
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(4):
        api_client.get(LIST)


def test_a_change_to_an_entry_shows_in_the_cached_list_at_once(
    api_client, staff, django_capture_on_commit_callbacks
):
    from service_catalog.services.entries import entry_update

    entry = EntryFactory(title="Old title")
    assert api_client.get(LIST).json()["results"][0]["title"] == "Old title"
    with django_capture_on_commit_callbacks(execute=True):
        entry_update(entry=entry, acting_user=staff, title="New title")
    assert api_client.get(LIST).json()["results"][0]["title"] == "New title"


def test_a_service_is_found_by_slug_or_uid_with_its_charter(api_client):
    entry = EntryFactory()
    by_slug = api_client.get(_detail(entry.slug)).json()
    assert by_slug == api_client.get(_detail(str(entry.uid))).json()
    assert by_slug["requirements"] == [
        {"requirement": "Barangay certificate", "where_to_secure": "Barangay hall"}
    ]
    assert by_slug["steps"][0]["duration_minutes"] == 30 and by_slug["processing_days"] == 7


@pytest.mark.parametrize("status", [EntryStatus.DRAFT, EntryStatus.ARCHIVED])
def test_unpublished_services_are_a_404(api_client, status):
    assert_error_shape(api_client.get(_detail(EntryFactory(status=status).slug)), 404)


def test_filing_a_request_answers_its_tracking_code(api_client):
    entry, barangay = EntryFactory(), BarangayFactory()
    response = api_client.post(CREATE, _payload(entry, barangay), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    service_request = ServiceRequest.objects.get()
    assert body["tracking_code"] == service_request.tracking_code and body["status"] == "submitted"
    assert body["status_url"].endswith(f"/catalog/track/{service_request.tracking_code}/")
    assert service_request.channel == "api"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"service": "no-such-service"}, "service"),
        ({"barangay": "0000000000"}, "barangay"),
        ({"privacy_consent": False}, "privacy_consent"),
        ({"privacy_notice_version": "2001-01"}, "privacy_notice_version"),
        ({"requester_email": ""}, "requester_email"),
        ({"details": "<b>bold</b>"}, "details"),
        ({"details": "x" * 2001}, "details"),
        ({"beneficiaries": 0}, "beneficiaries"),
        ({"requester_name": "\x00"}, "requester_name"),
    ],
)
def test_bad_requests_are_a_400_naming_the_field_and_write_nothing(api_client, overrides, field):
    response = api_client.post(
        CREATE, _payload(EntryFactory(), BarangayFactory(), **overrides), format="json"
    )
    assert_error_shape(response, 400, field=field)
    assert not ServiceRequest.objects.exists()


def test_a_refusal_from_the_service_answers_in_the_language_asked_for(api_client):
    # The service's own refusals are marked for translation, like the form's.
    entry = EntryFactory()
    entry.coverage_provinces.set([MunicipalityFactory().province])
    response = api_client.post(
        CREATE, _payload(entry, BarangayFactory()), format="json", HTTP_ACCEPT_LANGUAGE="fil"
    )
    assert_error_shape(response, 400, field="barangay")
    assert "Hindi iniaalok ang serbisyong ito sa lugar na iyon." in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_a_draft_service_takes_no_requests(api_client):
    entry = EntryFactory(status=EntryStatus.DRAFT)
    assert_error_shape(
        api_client.post(CREATE, _payload(entry, BarangayFactory()), format="json"), 400, field="service"
    )


def test_the_status_of_a_request_tells_nothing_personal(api_client, staff):
    service_request = submit_request()
    move(service_request, staff, RequestStatus.UNDER_REVIEW, public_note="Checking.", internal_note="Secret.")
    response = api_client.get(_status(service_request.tracking_code))
    body = response.json()
    assert (
        body["status"] == "under_review" and body["sla"]["due_on"] == service_request.sla_due_on.isoformat()
    )
    assert [item["note"] for item in body["history"]] == ["We received your request.", "Checking."]
    text = response.content.decode()
    assert "Secret." not in text
    for personal in PERSONAL:
        assert personal not in text


def test_an_unknown_code_is_a_404(api_client):
    assert_error_shape(api_client.get(_status("SR-2345-6789")), 404)


def test_nothing_personal_leaks_through_the_service_list(api_client):
    submit_request()
    text = api_client.get(LIST).content.decode()
    for personal in PERSONAL:
        assert personal not in text
