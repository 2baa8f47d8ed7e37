"""The public pages: no login, published entries only, nothing personal on the status page."""

import pytest
from django.test import Client
from django.urls import reverse

from common.api.throttles import PublicThrottle
from common.tests.geo_factories import BarangayFactory, MunicipalityFactory
from service_catalog.models import EntryStatus, RequestStatus, ServiceRequest
from service_catalog.privacy import PRIVACY_NOTICE_VERSION
from service_catalog.tests.factories import EntryFactory, move, submit_request

pytestmark = pytest.mark.django_db
HOME = reverse("service_catalog:home")
PERSONAL = ("Amina Sarip", "amina@example.org", "We need starter kits for ten families.")


def _form_data(place, **overrides):
    data = {
        "requester_name": "Amina Sarip",
        "requester_email": "amina@example.org",
        "requester_phone": "",
        "municipality": place.municipality.psgc_code,
        "barangay": place.psgc_code,
        "location_details": "Purok 3",
        "details": "We need starter kits for ten families.",
        "beneficiaries": "10",
        "consent": "on",
        "privacy_notice_version": PRIVACY_NOTICE_VERSION,
        "website": "",
    }
    data.update(overrides)
    return data


def _request_url(entry):
    return reverse("service_catalog:request_create", kwargs={"slug": entry.slug})


# --- Browsing -----------------------------------------------------------------------------


def test_the_catalog_lists_published_services_only(client):
    EntryFactory(title="Rice seeds for farmers")
    EntryFactory(title="Draft water project", status=EntryStatus.DRAFT)
    EntryFactory(title="Old archived grant", status=EntryStatus.ARCHIVED)
    html = client.get(HOME).content.decode()
    assert "Rice seeds for farmers" in html
    assert "Draft water project" not in html and "Old archived grant" not in html


def test_searching_finds_services_by_their_words(client):
    EntryFactory(title="College scholarship", summary="Tuition and allowance for students.")
    EntryFactory(title="Fishing gear", summary="Nets and boats.")
    html = client.get(HOME, {"q": "scholarships"}).content.decode()
    assert "College scholarship" in html and "Fishing gear" not in html


def test_filters_narrow_the_list_by_sector_and_mao(client, mao, other_mao):
    EntryFactory(title="Health outreach", sector="social", mao=other_mao)
    EntryFactory(title="Seed capital", sector="economic", mao=mao)
    assert "Seed capital" not in client.get(HOME, {"sector": "social"}).content.decode()
    html = client.get(HOME, {"mao": str(mao.uid)}).content.decode()
    assert "Seed capital" in html and "Health outreach" not in html


def test_htmx_gets_only_the_results(client):
    EntryFactory(title="Rice seeds for farmers")
    response = client.get(HOME, {"q": "rice"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="results"' in html and "<html" not in html and "Rice seeds" in html


def test_the_catalog_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    EntryFactory.create_batch(2)
    with django_assert_max_num_queries(6):
        client.get(HOME)
    EntryFactory.create_batch(8)
    with django_assert_max_num_queries(6):
        client.get(HOME)


def test_a_cached_list_answers_without_the_database(client, django_assert_num_queries):
    EntryFactory.create_batch(3)
    client.get(HOME)
    with django_assert_num_queries(0):
        client.get(HOME)


def test_the_service_page_shows_the_citizens_charter(client):
    entry = EntryFactory(title="Seed capital")
    html = client.get(reverse("service_catalog:service", kwargs={"slug": entry.slug})).content.decode()
    for text in (
        "Checklist of requirements",
        "Barangay certificate",
        "Check the request",
        "30 minutes",
        "Write to the head",
    ):
        assert text in html


@pytest.mark.parametrize("status", [EntryStatus.DRAFT, EntryStatus.ARCHIVED])
def test_drafts_and_archived_services_have_no_public_page(client, status):
    entry = EntryFactory(status=status)
    assert client.get(reverse("service_catalog:service", kwargs={"slug": entry.slug})).status_code == 404
    assert client.get(_request_url(entry)).status_code == 404


def test_demo_content_says_it_is_illustrative(client):
    entry = EntryFactory(source="synthetic")
    html = client.get(reverse("service_catalog:service", kwargs={"slug": entry.slug})).content.decode()
    assert "Demo content" in html
    assert "Demo content" in client.get(HOME).content.decode()


def test_the_printable_charter_of_a_mao_lists_its_published_services(client, mao):
    EntryFactory(mao=mao, title="Seed capital")
    EntryFactory(mao=mao, title="Unfinished draft", status=EntryStatus.DRAFT)
    html = client.get(reverse("service_catalog:charter_print", kwargs={"uid": mao.uid})).content.decode()
    assert "Seed capital" in html and "Unfinished draft" not in html
    assert "service_catalog/catalog.css" in html  # carries the print stylesheet


def test_a_mao_without_published_services_has_no_charter_page(client, mao):
    EntryFactory(mao=mao, status=EntryStatus.DRAFT)
    assert client.get(reverse("service_catalog:charter_print", kwargs={"uid": mao.uid})).status_code == 404


# --- The request form ---------------------------------------------------------------------


def test_the_form_works_without_javascript(client):
    entry = EntryFactory()
    barangay = BarangayFactory()
    url = _request_url(entry)
    form = client.get(url).content.decode()
    assert barangay.municipality.name in form and "<noscript>" in form
    # "Show barangays" posts the municipality and gets the form back with its barangays.
    refreshed = client.post(url, {"municipality": barangay.municipality.psgc_code, "_refresh": "1"})
    assert refreshed.status_code == 200 and barangay.name in refreshed.content.decode()
    assert not ServiceRequest.objects.exists()
    response = client.post(url, _form_data(barangay))
    service_request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "service_catalog:request_received", kwargs={"code": service_request.tracking_code}
    )
    assert service_request.channel == "web" and service_request.location_details == "Purok 3"


def test_the_confirmation_shows_the_tracking_code(client):
    service_request = submit_request()
    url = reverse("service_catalog:request_received", kwargs={"code": service_request.tracking_code})
    assert service_request.tracking_code in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"requester_name": ""}, "requester_name"),
        ({"requester_email": "", "requester_phone": ""}, "requester_email"),
        ({"requester_email": "not-an-email"}, "requester_email"),
        ({"details": "<script>alert(1)</script>"}, "details"),
        ({"details": "x" * 2001}, "details"),
        ({"consent": ""}, "consent"),
        ({"beneficiaries": "0"}, "beneficiaries"),
        ({"barangay": "9999999999"}, "barangay"),
    ],
)
def test_bad_input_to_the_form_is_a_400_naming_the_field_and_writes_nothing(client, overrides, field):
    entry = EntryFactory()
    response = client.post(_request_url(entry), _form_data(BarangayFactory(), **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_a_filled_honeypot_is_refused(client):
    response = client.post(
        _request_url(EntryFactory()), _form_data(BarangayFactory(), website="http://spam.example")
    )
    assert response.status_code == 400 and not ServiceRequest.objects.exists()


def test_an_outdated_privacy_notice_is_refused(client):
    response = client.post(
        _request_url(EntryFactory()), _form_data(BarangayFactory(), privacy_notice_version="2020-01")
    )
    assert response.status_code == 400 and not ServiceRequest.objects.exists()
    assert "privacy notice has changed" in response.content.decode()


def test_a_barangay_outside_the_service_area_is_refused(client):
    entry = EntryFactory()
    covered = MunicipalityFactory()
    entry.coverage_provinces.set([covered.province])
    response = client.post(_request_url(entry), _form_data(BarangayFactory()))
    assert response.status_code == 400 and "municipality" in response.context["form"].errors


def test_the_form_needs_its_csrf_token():
    entry = EntryFactory()
    response = Client(enforce_csrf_checks=True).post(_request_url(entry), _form_data(BarangayFactory()))
    assert response.status_code == 403 and not ServiceRequest.objects.exists()


def test_submissions_are_throttled_per_client(client, monkeypatch):
    monkeypatch.setattr(PublicThrottle, "THROTTLE_RATES", {"public": "2/hour"})
    entry, barangay = EntryFactory(), BarangayFactory()
    answers = [client.post(_request_url(entry), _form_data(barangay)).status_code for _ in range(3)]
    assert answers == [302, 302, 429]
    assert ServiceRequest.objects.count() == 2


def test_one_address_gets_a_limited_number_of_confirmation_emails(client):
    # 5/hour per address (THROTTLE_REQUEST_CONFIRMATION); each request emails a confirmation.
    entry, barangay = EntryFactory(), BarangayFactory()
    answers = [client.post(_request_url(entry), _form_data(barangay)) for _ in range(7)]
    assert [answer.status_code for answer in answers] == [302] * 5 + [400] * 2
    assert "requester_email" in answers[-1].context["form"].errors
    assert ServiceRequest.objects.count() == 5
    other = client.post(_request_url(entry), _form_data(barangay, requester_email="BAI@example.org"))
    assert other.status_code == 302


def test_inline_validation_answers_the_changed_field_with_its_error(client):
    entry = EntryFactory()
    url = reverse("service_catalog:request_check", kwargs={"slug": entry.slug})
    data = _form_data(BarangayFactory(), requester_email="not-an-email")
    response = client.post(url, data, HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER_NAME="requester_email")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="field-requester_email"' in html and "valid email" in html and "<html" not in html
    assert not ServiceRequest.objects.exists()


def test_choosing_a_municipality_loads_its_barangays(client):
    entry, barangay = EntryFactory(), BarangayFactory()
    url = reverse("service_catalog:request_check", kwargs={"slug": entry.slug})
    response = client.post(
        url,
        {"municipality": barangay.municipality.psgc_code},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TRIGGER_NAME="municipality",
    )
    assert 'id="field-barangay"' in response.content.decode() and barangay.name in response.content.decode()


# --- Following a request ------------------------------------------------------------------


def test_the_status_page_shows_status_history_and_charter_time_but_nothing_personal(client, staff):
    service_request = submit_request()
    move(
        service_request,
        staff,
        RequestStatus.UNDER_REVIEW,
        public_note="We are checking your papers.",
        internal_note="Requester called twice.",
    )
    html = client.get(
        reverse("service_catalog:request_status", kwargs={"code": service_request.tracking_code})
    ).content.decode()
    assert "Under review" in html and "We are checking your papers." in html
    assert service_request.sla_due_on.strftime("%B") in html
    assert "Requester called twice." not in html
    for personal in PERSONAL:
        assert personal not in html


def test_an_unknown_well_formed_code_answers_on_the_track_form_not_with_a_404(client):
    response = client.get(reverse("service_catalog:request_track"), {"code": "sr 2345 6789"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "We can't find a request with code <strong>SR-2345-6789</strong>" in html
    assert 'name="code"' in html and 'value="SR-2345-6789"' in html  # the form, filled in to correct
    status_page = client.get(reverse("service_catalog:request_status", kwargs={"code": "SR-2345-6789"}))
    assert status_page.status_code == 200 and "We can't find a request" in status_page.content.decode()


def test_an_unknown_code_answers_in_filipino_on_a_filipino_page(client):
    response = client.get(
        reverse("service_catalog:request_track"), {"code": "SR-2345-6789"}, HTTP_ACCEPT_LANGUAGE="fil"
    )
    assert response.status_code == 200
    assert "Hindi namin makita ang kahilingang may code na <strong>SR-2345-6789</strong>" in (
        response.content.decode()
    )


def test_a_code_that_cannot_be_one_is_refused_on_the_form(client):
    response = client.get(reverse("service_catalog:request_track"), {"code": "hello"})
    assert response.status_code == 400 and "SR-7K3F-9Q2M" in response.content.decode()


def test_guessing_codes_runs_out_of_attempts(client, monkeypatch):
    monkeypatch.setattr(PublicThrottle, "THROTTLE_RATES", {"public": "3/hour"})
    answers = [
        client.get(reverse("service_catalog:request_track"), {"code": f"SR-2345-678{n}"}).status_code
        for n in range(2, 7)
    ]
    assert answers == [200, 200, 200, 429, 429]


def test_misses_count_per_code_prefix_and_a_correct_code_is_never_blocked(client, monkeypatch):
    monkeypatch.setattr(PublicThrottle, "THROTTLE_RATES", {"public": "3/hour"})
    real = submit_request()
    prefix = real.tracking_code[:8]  # SR-XXXX-: the guesses share the real code's prefix
    track = reverse("service_catalog:request_track")
    guesses = [f"{prefix}{n}{n}{n}{n}" for n in range(2, 7) if f"{prefix}{n}{n}{n}{n}" != real.tracking_code]
    answers = [client.get(track, {"code": code}).status_code for code in guesses[:4]]
    assert answers == [200, 200, 200, 429]
    # A neighbour behind the same address, mistyping a code that starts differently.
    other_prefix = "SR-2345-" if not prefix.startswith("SR-2345") else "SR-6789-"
    assert client.get(track, {"code": f"{other_prefix}ABCD"}).status_code == 200
    # The right code still leads to its pages, from the locked-out client too.
    found = client.get(track, {"code": real.tracking_code})
    assert found.status_code == 302
    status_page = reverse("service_catalog:request_status", kwargs={"code": real.tracking_code})
    received = reverse("service_catalog:request_received", kwargs={"code": real.tracking_code})
    assert client.get(status_page).status_code == client.get(received).status_code == 200


def test_the_received_page_shares_the_track_pages_limiter(client, monkeypatch):
    monkeypatch.setattr(PublicThrottle, "THROTTLE_RATES", {"public": "3/hour"})
    track = reverse("service_catalog:request_track")
    assert [client.get(track, {"code": f"SR-2345-678{n}"}).status_code for n in range(2, 5)] == [200] * 3

    def received(code):
        return client.get(reverse("service_catalog:request_received", kwargs={"code": code}))

    locked = received("SR-2345-6785")
    assert locked.status_code == 429 and int(locked["Retry-After"]) > 0
    # Misses on the received page count too: three there lock the track page for that prefix.
    assert [received(f"SR-7777-777{n}").status_code for n in range(2, 6)] == [404, 404, 404, 429]
    assert client.get(track, {"code": "SR-7777-7779"}).status_code == 429


def test_a_code_typed_loosely_leads_to_its_status_page(client):
    service_request = submit_request()
    loose = service_request.tracking_code.lower().replace("-", " ")
    response = client.get(reverse("service_catalog:request_track"), {"code": loose})
    assert response["Location"] == reverse(
        "service_catalog:request_status", kwargs={"code": service_request.tracking_code}
    )
    bad = client.get(reverse("service_catalog:request_track"), {"code": "hello"})
    assert bad.status_code == 400 and "code" in bad.context["form"].errors


def test_the_privacy_notice_page_shows_its_version(client):
    assert PRIVACY_NOTICE_VERSION in client.get(reverse("service_catalog:privacy")).content.decode()


def test_public_pages_have_no_inline_scripts_or_styles(client):
    entry = EntryFactory()
    service_request = submit_request(entry=entry)
    for url in (
        HOME,
        reverse("service_catalog:service", kwargs={"slug": entry.slug}),
        _request_url(entry),
        reverse("service_catalog:request_status", kwargs={"code": service_request.tracking_code}),
        reverse("service_catalog:charter_print", kwargs={"uid": entry.mao.uid}),
    ):
        html = client.get(url).content.decode()
        assert "<script>" not in html and " style=" not in html, url
