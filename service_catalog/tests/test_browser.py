"""A community leader's phone, in headless Chromium (Debian's, through Playwright): browse,
search, open a service, file a request, follow it. Once with JavaScript, once without."""

import re

import pytest
from django.urls import reverse

from common.tests.geo_factories import BarangayFactory
from service_catalog.models import ServiceRequest
from service_catalog.tests.factories import EntryFactory
from tests.browser import PHONE, fill_request_form, launched_chromium, playwright_sync_api

expect = playwright_sync_api().expect

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch):
    with launched_chromium(monkeypatch) as launched:
        yield launched


@pytest.fixture
def catalog():
    barangay = BarangayFactory(name="Tambler")
    entry = EntryFactory(title="College scholarship", summary="Tuition and allowance for college students.")
    EntryFactory(title="Fishing gear", summary="Nets and boats for fisherfolk.")
    return entry, barangay


def _file_a_request(page, live_server, catalog, *, javascript: bool) -> str:
    entry, barangay = catalog
    page.goto(live_server.url + reverse("service_catalog:home"))
    expect(page.get_by_role("heading", name="Services for Bangsamoro communities")).to_be_visible()
    page.fill("#id_q", "scholarship")
    if not javascript:
        page.get_by_role("button", name="Search").click()
    page.wait_for_function("() => !document.querySelector('#results').innerText.includes('Fishing gear')")
    page.get_by_role("link", name="College scholarship").click()
    # Leaving the search box also fires its `change` trigger; wait for the navigation the click
    # started rather than reading the page while it is still the catalog.
    page.wait_for_url(re.compile(rf"/catalog/services/{entry.slug}/$"))
    expect(page.get_by_role("heading", name="Checklist of requirements")).to_be_visible()
    page.get_by_role("link", name="Request this service").click()
    page.wait_for_url(re.compile(rf"/catalog/services/{entry.slug}/request/$"))

    fill_request_form(
        page,
        barangay=barangay,
        name="Amina Sarip",
        contact=("#id_requester_email", "amina@example.org"),
        details="Two of our youth finished senior high school and want to enrol.",
        beneficiaries=2,
        javascript=javascript,
        show_barangays="Show barangays",
    )
    page.get_by_role("button", name="Send my request").click()

    page.wait_for_url(re.compile(r"/catalog/requests/SR-[A-Z0-9-]+/received/$"))
    code = page.get_by_test_id("tracking-code").inner_text()
    page.get_by_role("link", name="Follow this request").click()
    page.wait_for_url(re.compile(rf"/catalog/track/{code}/$"))
    expect(page.get_by_role("heading", name="Submitted")).to_be_visible()
    assert "Amina" not in page.content()
    return code


def test_a_leader_files_and_follows_a_request_on_a_phone(browser, live_server, catalog):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    code = _file_a_request(page, live_server, catalog, javascript=True)
    request = ServiceRequest.objects.get(tracking_code=code)
    assert request.requester_name == "Amina Sarip" and request.barangay == catalog[1]
    assert errors == []  # no script error (CSP included)
    context.close()


def test_the_same_flow_works_without_javascript(browser, live_server, catalog):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    code = _file_a_request(context.new_page(), live_server, catalog, javascript=False)
    assert ServiceRequest.objects.filter(tracking_code=code, channel="web").exists()
    context.close()


def test_leaving_the_search_box_does_not_refresh_the_results(browser, live_server, catalog):
    # The blur of a typed box fires `change`; a refresh then would race the tap on a result
    # link (its pushState cancels the navigation). Choosing a filter still refreshes at once.
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + reverse("service_catalog:home"))
    page.fill("#id_q", "scholarship")
    page.wait_for_function("() => !document.querySelector('#results').innerText.includes('Fishing gear')")
    refreshes = []
    page.on("request", lambda request: request.headers.get("hx-request") and refreshes.append(request.url))
    page.press("#id_q", "Tab")
    page.locator("details.sc-filters summary").click()
    with page.expect_request(lambda request: "region=" in request.url and request.headers.get("hx-request")):
        page.select_option("#id_region", index=1)
    assert len(refreshes) == 1 and "region=" in refreshes[0]
    context.close()
