"""A member of the public on a phone (360 px, Debian's Chromium): opens the site's address,
switches to Filipino, finds a service by a Filipino word, files a request, tracks it, and
sees what is being done for their municipality. With JavaScript and without."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from common.models import DataClassification
from common.tests.geo_factories import BarangayFactory, CommunityFactory
from monitoring.tests.factories import PpaFactory
from service_catalog.models import ServiceRequest
from service_catalog.tests.factories import EntryFactory
from tests.browser import fill_request_form, launched_chromium, playwright_sync_api

expect = playwright_sync_api().expect

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SMALL_PHONE = {"width": 360, "height": 740}


@pytest.fixture
def browser(monkeypatch):
    with launched_chromium(monkeypatch) as launched:
        yield launched


@pytest.fixture
def place():
    barangay = BarangayFactory(name="Tambler")
    EntryFactory(
        title="College scholarship",
        title_fil="Iskolarsip sa kolehiyo",
        summary_fil="Matrikula at allowance para sa mga estudyante.",
        keywords_fil="iskolar, kolehiyo",
    )
    EntryFactory(title="Fishing gear", title_fil="Gamit sa pangingisda", keywords_fil="isda")
    community = CommunityFactory(barangay=barangay, classification=DataClassification.PUBLIC)
    PpaFactory(title="Madrasah teachers' allowance", budget_allocated=Decimal("1500000")).communities.add(
        community
    )
    return barangay


def _fits_the_screen(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_visitor_files_and_tracks_a_request_in_filipino_on_a_phone(browser, live_server, place, javascript):
    context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=javascript, locale="en-US")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + "/")
    expect(
        page.get_by_role("heading", name="Services and programs for Bangsamoro communities")
    ).to_be_visible()
    page.get_by_role("button", name="Filipino").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_attribute("html", "lang") == "fil"
    expect(page.get_by_role("heading", name="Maghanap ng serbisyo")).to_be_visible()
    assert _fits_the_screen(page)

    page.fill("#home-q", "iskolar")
    page.get_by_role("button", name="Maghanap ng serbisyo").click()
    page.wait_for_url(re.compile(r"/catalog/\?q=iskolar"))
    expect(page.get_by_role("link", name="Iskolarsip sa kolehiyo")).to_be_visible()
    assert "Gamit sa pangingisda" not in page.content()
    page.get_by_role("link", name="Iskolarsip sa kolehiyo").click()
    expect(page.get_by_role("heading", name="Listahan ng mga kinakailangan")).to_be_visible()
    assert _fits_the_screen(page)
    page.get_by_role("link", name="Hilingin ang serbisyong ito").click()

    fill_request_form(
        page,
        barangay=place,
        name="Amina Sarip",
        contact=("#id_requester_phone", "+63 917 555 0101"),
        details="Dalawa sa aming kabataan ang gustong mag-kolehiyo.",
        beneficiaries=2,
        javascript=javascript,
        show_barangays="Ipakita ang mga barangay",
    )
    assert _fits_the_screen(page)
    page.get_by_role("button", name="Ipadala ang aking kahilingan").click()

    page.wait_for_url(re.compile(r"/catalog/requests/SR-[A-Z0-9-]+/received/$"))
    expect(page.get_by_role("heading", name="Natanggap namin ang iyong kahilingan")).to_be_visible()
    code = page.get_by_test_id("tracking-code").inner_text()
    saved = ServiceRequest.objects.get(tracking_code=code)
    assert saved.language == "fil" and saved.barangay == place

    page.goto(live_server.url + "/")  # remembered: still Filipino
    assert page.get_attribute("html", "lang") == "fil"
    page.fill("#home-code", code.lower().replace("-", " "))
    page.get_by_role("button", name="Ipakita ang status").click()
    page.wait_for_url(re.compile(rf"/catalog/track/{code}/$"))
    expect(page.get_by_role("heading", name="Naipadala")).to_be_visible()
    expect(page.get_by_text("Natanggap namin ang iyong kahilingan.")).to_be_visible()
    assert _fits_the_screen(page)

    page.goto(live_server.url + reverse("monitoring:public_accountability_index"))
    page.select_option("#id_place", place.municipality.psgc_code)
    page.get_by_role("button", name="Ipakita").click()
    expect(page.get_by_role("heading", name=f"Ano ang ginagawa sa {place.municipality.name}")).to_be_visible()
    expect(page.get_by_text("Madrasah teachers' allowance")).to_be_visible()
    assert _fits_the_screen(page)
    assert errors == []
    context.close()
