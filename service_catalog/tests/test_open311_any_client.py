"""Open311 for any GeoReport v2 client: only a location (address_id, lat/long or
address_string) is required, spec-optional fields stay optional, date ranges over 90 days
and unknown paths answer the spec's error format, and a third-party client library works."""

from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from common.models import Role
from common.tests.factories import UserFactory
from common.tests.geo_factories import BarangayFactory, CommunityFactory
from service_catalog.models import Placement, ServiceRequest
from service_catalog.privacy import PRIVACY_NOTICE_VERSION
from service_catalog.tests.factories import EntryFactory, submit_request
from tests.helpers import form_post

pytestmark = pytest.mark.django_db


def _requests_url(fmt="json"):
    return reverse("open311:requests", kwargs={"format": fmt})


def _minimal(entry, **location):
    """What a generic client sends: the service, a location, and the definition's required
    attributes (consent, and a contact because no email or phone is sent). No name, no
    description: both are optional in the spec."""
    return {
        "service_code": entry.slug,
        "attribute[privacy_consent]": PRIVACY_NOTICE_VERSION,
        "attribute[contact]": "+63 917 555 0101",
        **location,
    }


def test_a_post_with_only_lat_and_long_is_placed_in_the_barangay_of_the_nearest_community(client):
    near = CommunityFactory(latitude=Decimal("7.190000"), longitude=Decimal("124.210000"))
    CommunityFactory(latitude=Decimal("7.900000"), longitude=Decimal("125.000000"))  # ~110 km away
    response = form_post(client, _requests_url(), _minimal(EntryFactory(), lat="7.2001234567", long="124.2"))
    assert response.status_code == 201, response.content
    code = response.json()[0]["service_request_id"]
    saved = ServiceRequest.objects.get(tracking_code=code)
    assert saved.barangay == near.barangay and saved.community == near
    assert saved.placement == Placement.NEAREST
    assert saved.latitude == Decimal("7.200123") and saved.longitude == Decimal("124.200000")
    assert saved.requester_phone == "+63 917 555 0101" and saved.requester_name == ""


def test_a_point_far_from_every_community_is_kept_for_staff_to_place(client):
    CommunityFactory(latitude=Decimal("7.19"), longitude=Decimal("124.21"))
    response = form_post(client, _requests_url(), _minimal(EntryFactory(), lat="14.6", long="121.0"))
    assert response.status_code == 201
    saved = ServiceRequest.objects.get()
    assert saved.barangay is None and saved.placement == Placement.PENDING


def test_a_post_with_only_an_address_string_is_filed_and_staff_see_and_place_it(client):
    entry = EntryFactory()
    response = form_post(
        client, _requests_url("xml"), _minimal(entry, address_string="Purok 5, near the mosque, Pagadian")
    )
    assert response.status_code == 201
    code = ElementTree.fromstring(response.content).find("request/service_request_id").text
    saved = ServiceRequest.objects.get(tracking_code=code)
    assert saved.barangay is None and saved.placement == Placement.PENDING
    assert saved.location_details == "Purok 5, near the mosque, Pagadian"

    staff = UserFactory(role=Role.OOBC_STAFF)
    client.force_login(staff)
    triage = client.get(reverse("service_catalog:triage")).content.decode()
    assert code in triage and "To be placed" in triage
    page = client.get(reverse("service_catalog:request_detail", kwargs={"uid": saved.uid})).content.decode()
    assert "Purok 5, near the mosque, Pagadian" in page and "Place this request in its barangay" in page

    barangay = BarangayFactory()
    place_url = reverse("service_catalog:request_place", kwargs={"uid": saved.uid})
    # Without JavaScript: choose the municipality, show its barangays, then place.
    listed = client.post(place_url, {"municipality": barangay.municipality.psgc_code, "_refresh": "1"})
    assert listed.status_code == 200 and barangay.name in listed.content.decode()
    placed = client.post(
        place_url, {"municipality": barangay.municipality.psgc_code, "barangay": barangay.psgc_code}
    )
    assert placed.status_code == 302
    saved.refresh_from_db()
    assert saved.barangay == barangay and saved.placement == Placement.STAFF
    assert saved.history.filter(internal_note__startswith="Placed in").exists()


def test_placing_a_request_needs_the_catalog_grant(client):
    form_post(client, _requests_url(), _minimal(EntryFactory(), address_string="Somewhere in Sibugay"))
    saved = ServiceRequest.objects.get()
    client.force_login(UserFactory(role=Role.COMMUNITY_LEADER))
    barangay = BarangayFactory()
    response = client.post(
        reverse("service_catalog:request_place", kwargs={"uid": saved.uid}),
        {"municipality": barangay.municipality.psgc_code, "barangay": barangay.psgc_code},
    )
    assert response.status_code == 403
    saved.refresh_from_db()
    assert saved.barangay is None


def test_the_service_definition_asks_for_the_contact_the_charter_needs(client):
    entry = EntryFactory()
    definition = client.get(reverse("open311:service", kwargs={"slug": entry.slug, "format": "json"})).json()
    attributes = {attribute["code"]: attribute for attribute in definition["attributes"]}
    assert attributes["contact"]["required"] is True and attributes["contact"]["datatype"] == "string"
    assert attributes["privacy_consent"]["required"] is True


def test_an_email_sent_as_the_spec_field_needs_no_contact_attribute(client):
    data = _minimal(EntryFactory(), address_string="Sitio Bato")
    del data["attribute[contact]"]
    data["email"] = "someone@example.org"
    assert form_post(client, _requests_url(), data).status_code == 201


def test_a_date_range_over_90_days_answers_the_spec_error(client):
    response = client.get(
        _requests_url(), {"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-06-30T00:00:00+08:00"}
    )
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400
    assert response.json()[0]["description"].startswith("start_date:")
    within = client.get(
        _requests_url(), {"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-03-31T00:00:00+08:00"}
    )
    assert within.status_code == 200


@pytest.mark.parametrize("path", ["nothing-here", "services", "requests/SR-2345-6789", "v3/services.json"])
def test_an_unknown_path_answers_the_spec_error_in_json(client, path):
    response = client.get(f"/open311/v2/{path}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == [{"code": 404, "description": response.json()[0]["description"]}]
    assert response.json()[0]["description"].startswith("path:")


def test_an_unknown_path_asking_for_xml_answers_the_spec_error_in_xml(client):
    response = client.get("/open311/v2/tokens/abc.xml")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "errors" and root.find("error/code").text == "404"
    assert root.find("error/description").text.startswith("path:")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_library_lists_and_reads(live_server, fmt):
    from georeport import GeoReport

    entry = EntryFactory(title="Rice seed assistance", slug="rice-seed-assistance")
    service_request = submit_request(entry=entry)
    client = GeoReport(f"{live_server.url}/open311/v2", output_format=fmt)

    services = client.get_service_list()
    services = services if isinstance(services, list) else [services]
    assert [service["service_code"] for service in services] == ["rice-seed-assistance"]
    definition = client.get_service_definition("rice-seed-assistance")
    assert definition["service_code"] == "rice-seed-assistance"
    found = client.get_service_requests(service_request_id=service_request.tracking_code)
    found = found if isinstance(found, list) else [found]
    assert found[0]["service_request_id"] == service_request.tracking_code
    assert found[0]["status"] == "open"
    one = client.get_service_request(service_request.tracking_code)
    one = one[0] if isinstance(one, list) else one
    assert one["service_name"] == "Rice seed assistance"
