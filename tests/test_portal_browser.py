"""A community leader on a phone (390×844, Debian's Chromium), with JavaScript and without:
registers on the portal, confirms their email address from the link we mail them, is verified
by OOBC staff, signs in, files a request for their community and follows it on its status
page; when staff move the request on, the status page shows it (by itself with JavaScript,
through the htmx poll; after a reload without). axe-core finds no WCAG A/AA violation on
any page of the way."""

import re

import pytest
from django.core import mail

from common.models import DataClassification, Role, User
from common.tests.factories import UserFactory
from common.tests.geo_factories import BarangayFactory, CommunityFactory
from community_portal.models import ObcRequestStatus, PortalRequest
from community_portal.services import accounts, requests
from tests.browser import PHONE, axe_violations, launched_chromium, playwright_sync_api

expect = playwright_sync_api().expect
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

EMAIL = "amina.sarip@example.org"
PASSWORD = "a-long-passphrase-for-amina"


@pytest.fixture
def chromium(monkeypatch):
    with launched_chromium(monkeypatch) as browser:
        yield browser


@pytest.fixture
def community(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return CommunityFactory(
        barangay=BarangayFactory(name="Tambler"), classification=DataClassification.PUBLIC
    )


def _accessible(page, chromium, javascript: bool) -> None:
    """No axe violation on the page. axe-core is JavaScript: without it, the page's markup as
    that browser received it is served again, at its own address, to a browser that runs axe."""
    if javascript:
        assert axe_violations(page) == [], page.url
        return
    html = page.content()
    checker = chromium.new_context(viewport=PHONE, bypass_csp=True)
    try:
        copy = checker.new_page()
        copy.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
        copy.goto(page.url)
        assert axe_violations(copy) == [], page.url
    finally:
        checker.close()


def _verification_path() -> str:
    body = next(message.body for message in reversed(mail.outbox) if "/portal/verify-email/" in message.body)
    link = next(word for word in body.split() if "/portal/verify-email/" in word)
    return link[link.index("/portal/verify-email/") :]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_leader_registers_files_a_request_and_follows_it(chromium, live_server, community, javascript):
    context = chromium.new_context(
        viewport=PHONE, java_script_enabled=javascript, locale="en-US", bypass_csp=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Register: find the community by its barangay, choose it, give a role and consent.
    page.goto(live_server.url + "/portal/register/")
    expect(page.get_by_role("heading", name="Register as a community leader")).to_be_visible()
    _accessible(page, chromium, javascript)
    page.fill("#id_full_name", "Amina Sarip")
    page.fill("#id_email", EMAIL)
    page.fill("#id_phone", "+63 917 555 0101")
    page.fill("#id_community_query", "Tambler")
    page.get_by_role("button", name="Find", exact=True).click()
    page.wait_for_selector(f"#id_community option[value='{community.uid}']", state="attached")
    page.select_option("#id_community", str(community.uid))
    page.select_option("#id_community_role", "barangay_official")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_consent")
    page.get_by_role("button", name="Register", exact=True).click()
    page.wait_for_url(re.compile(r"/portal/register/sent/$"))
    _accessible(page, chromium, javascript)
    user = User.objects.get(email=EMAIL)
    assert user.role == Role.COMMUNITY_LEADER and user.leader_profile.community == community

    # Signing in before the email is confirmed is refused with the reason.
    page.goto(live_server.url + "/portal/sign-in/")
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Confirm your email address first")

    # The link from the email confirms the address.
    page.goto(live_server.url + _verification_path())
    expect(page.get_by_role("heading", name="Your email address is confirmed")).to_be_visible()
    _accessible(page, chromium, javascript)

    # OOBC staff verify the person (the staff side of the flow).
    accounts.leader_decide(
        profile=user.leader_profile, acting_user=UserFactory(role=Role.OOBC_STAFF), approve=True
    )

    page.locator("main a.btn", has_text="Sign in").click()  # the confirmation's own link
    page.wait_for_url(re.compile(r"/portal/sign-in/"))
    _accessible(page, chromium, javascript)
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"/portal/$"))
    _accessible(page, chromium, javascript)

    # File a request for the community. The page clock is Playwright's, so the test can move
    # it past the status block's 30 s poll instead of waiting for it.
    if javascript:
        page.clock.install()
    page.goto(live_server.url + "/portal/requests/new/")
    expect(page.get_by_role("heading", name="File a request for your community")).to_be_visible()
    _accessible(page, chromium, javascript)
    page.check("input[name=kind][value=assistance]")
    page.select_option("#id_sector", index=1)
    page.fill("#id_title", "Water system for the madrasah")
    page.fill("#id_details", "Forty pupils share one hand pump; we ask for a small water system.")
    page.fill("#id_beneficiaries", "40")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_url(re.compile(r"/portal/requests/[A-Z0-9-]+/$"))
    portal_request = PortalRequest.objects.get(requester=user)
    assert portal_request.community == community
    assert page.url.endswith(f"/portal/requests/{portal_request.tracking_code}/")
    status = page.locator("#request-status")
    expect(status.get_by_role("heading", level=1)).to_have_text("Submitted")
    expect(status).to_contain_text(portal_request.tracking_code)
    _accessible(page, chromium, javascript)

    # Staff move the request on.
    requests.portal_request_transition(
        portal_request=portal_request,
        acting_user=UserFactory(role=Role.OOBC_STAFF),
        to_status=ObcRequestStatus.UNDER_REVIEW,
        public_note="We are checking this with the municipality.",
    )
    if javascript:
        assert status.get_attribute("hx-trigger") == "every 30s"
        # A mark on this document: still there afterwards means the page was not reloaded.
        page.evaluate("window.sameDocument = true")
        page.clock.run_for(31_000)
    else:
        page.reload()
    expect(page.locator("#request-status").get_by_role("heading", level=1)).to_have_text("Under review")
    expect(page.locator("#request-status")).to_contain_text("We are checking this with the municipality.")
    if javascript:
        assert page.evaluate("window.sameDocument === true")
    _accessible(page, chromium, javascript)
    assert errors == []
    context.close()
