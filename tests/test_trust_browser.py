"""The patterns of "pages people can trust" in a real browser (Debian's Chromium under the
real CSP), on a phone (390×844) and a desktop (1366×900): the error summary takes the focus,
a meeting is cancelled only after its confirmation, a snapshot request shows it is busy, each
role's home lists its pending work, and axe-core finds no WCAG A/AA violation on these pages."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from automation.services.series import meeting_series_generate
from automation.tests.factories import SeriesFactory, mao_with_focal
from common.models import Role
from common.tests.factories import UserFactory
from coordination.models import EngagementStatus
from monitoring.models import MonitoringEntry
from monitoring.tests.factories import PpaFactory
from ocm_dashboard.services.snapshots import snapshot_take
from ocm_dashboard.tests.factories_dashboard import YEAR, build_world
from service_catalog.models import RequestStatus
from service_catalog.tests.factories import EntryFactory, submit_request
from tests.browser import (
    DESKTOP,
    PHONE,
    axe_violations,
    launched_chromium,
    playwright_sync_api,
    session_cookie_for,
)

expect = playwright_sync_api().expect
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path("/tmp/obcms-i12-screens")
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def chromium(monkeypatch):
    with launched_chromium(monkeypatch) as browser:
        yield browser


def _page(chromium, live_server, size: str, user=None):
    # bypass_csp only lets the test inject axe-core; the app's own pages stay under the CSP
    # (the other browser tests assert that nothing is refused).
    context = chromium.new_context(viewport=SIZES[size], bypass_csp=True)
    if user is not None:
        context.add_cookies([session_cookie_for(user, live_server.url)])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_failed_request_form_says_so_at_the_top_and_takes_the_focus(chromium, live_server, size):
    entry = EntryFactory(title="College scholarship")
    page, errors = _page(chromium, live_server, size)
    page.goto(live_server.url + reverse("service_catalog:request_create", kwargs={"slug": entry.slug}))
    page.fill("#id_requester_name", "Amina Sarip")
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    box = page.locator("[data-error-summary]").bounding_box()
    assert 0 <= box["y"] < SIZES[size]["height"]  # on screen, not 2,200 px down
    consent = page.locator("[data-error-summary] a[href='#id_consent']")
    expect(consent).to_be_visible()
    consent.click()
    assert page.evaluate("document.activeElement.id") == "id_consent"
    assert page.locator("#id_requester_phone").get_attribute("type") == "tel"
    _shot(page, f"request-error-{size}")
    assert axe_violations(page) == []
    assert errors == []


@pytest.fixture
def meeting():
    mao_with_focal(acronym="MSSD")
    staff = UserFactory(role=Role.OOBC_STAFF)
    series = SeriesFactory(fiscal_year=timezone.localdate().year + 1)
    meeting_series_generate(series=series, acting_user=staff)
    return series.meetings.get(quarter=2).engagement, staff


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_meeting_is_cancelled_only_after_its_confirmation(chromium, live_server, meeting, size):
    engagement, staff = meeting
    page, errors = _page(chromium, live_server, size, staff)
    page.goto(f"{live_server.url}/meetings/{engagement.uid}/")
    page.get_by_role("link", name="Cancel the meeting").click()
    page.wait_for_url(re.compile(r"/cancel/$"))
    expect(page.get_by_role("heading", name=f"Cancel {engagement.title}?")).to_be_visible()
    _shot(page, f"meeting-cancel-confirm-{size}")
    assert axe_violations(page) == []
    engagement.refresh_from_db()
    assert engagement.status != EngagementStatus.CANCELLED  # asking cancelled nothing

    page.get_by_role("button", name="Cancel the meeting").click()  # no reason given
    page.wait_for_selector("[data-error-summary]")
    assert page.title().startswith("Error: ")
    engagement.refresh_from_db()
    assert engagement.status != EngagementStatus.CANCELLED

    page.get_by_role("link", name="No, keep the meeting").click()
    page.wait_for_url(re.compile(rf"/meetings/{engagement.uid}/$"))
    engagement.refresh_from_db()
    assert engagement.status != EngagementStatus.CANCELLED

    page.get_by_role("link", name="Cancel the meeting").click()
    page.fill("#id_reason", "The venue is flooded.")
    page.get_by_role("button", name="Cancel the meeting").click()
    page.wait_for_url(re.compile(rf"/meetings/{engagement.uid}/$"))
    expect(page.get_by_test_id("cancellation-reason")).to_contain_text("The venue is flooded.")
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.CANCELLED
    assert errors == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_snapshot_request_shows_it_is_busy_and_cannot_be_sent_twice(chromium, live_server, size):
    build_world()
    snapshot_take(fiscal_year=YEAR)
    page, errors = _page(chromium, live_server, size, UserFactory(role=Role.OOBC_EXECUTIVE))
    page.goto(f"{live_server.url}/dashboard/?fiscal_year={YEAR}")
    _shot(page, f"dashboard-{size}")
    assert axe_violations(page) == []
    # The form's own busy behaviour (static/js/app.js) is looked at with the navigation held
    # back: a listener on window, which runs after the page's own on document, cancels the
    # submission, so the busy state stays in place however fast the server answers.
    page.evaluate("""() => window.addEventListener("submit", event => event.preventDefault())""")
    # Pressed through the DOM (HTMLElement.click() submits the form as a press does): the
    # dashboard's charts and map may still be shifting the layout, and a click by position
    # could land beside the button.
    page.evaluate(
        """() => [...document.querySelectorAll("button")]
            .find(b => b.textContent.includes("Take a snapshot now")).click()"""
    )
    busy = """() => {
        const button = [...document.querySelectorAll("button")]
            .find(b => b.textContent.includes("Take a snapshot now"));
        const indicator = button.closest("form").querySelector(".busy-indicator");
        return button.disabled && getComputedStyle(indicator).visibility === "visible";
    }"""
    # A disabled button cannot send the request a second time.
    page.wait_for_function(busy, timeout=5000)
    _shot(page, f"dashboard-busy-{size}")
    assert errors == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.MAO_FOCAL, "1 PPA not updated for 90 days"),
        (Role.OOBC_STAFF, "Minutes to circulate"),
        (Role.OOBC_EXECUTIVE, "1 MAO with no PPA progress reported for 90 days"),
        (Role.OCM_EXECUTIVE, "1 MAO with no PPA progress reported for 90 days"),
    ],
)
def test_each_roles_home_lists_its_pending_work_first(chromium, live_server, meeting, role, expected, size):
    engagement, _ = meeting
    held = timezone.now() - timedelta(days=3)
    type(engagement).objects.filter(pk=engagement.pk).update(
        planned_start=held, planned_end=held + timedelta(hours=2)
    )
    mssd = engagement.participating_organizations.get(acronym="MSSD")
    stale = PpaFactory(implementing_mao=mssd)
    MonitoringEntry.objects.filter(pk=stale.pk).update(
        last_reported_on=timezone.localdate() - timedelta(days=120),
        created_at=timezone.now() - timedelta(days=200),
    )
    user = UserFactory(role=role, organization=mssd if role == Role.MAO_FOCAL else None)
    page, errors = _page(chromium, live_server, size, user)
    page.goto(live_server.url + "/")
    pending = page.get_by_test_id("pending-work")
    expect(pending).to_contain_text(expected)
    # Pending work comes before the list of sections.
    assert pending.bounding_box()["y"] < page.locator("#home-sections-heading").bounding_box()["y"]
    _shot(page, f"home-{role}-{size}")
    assert axe_violations(page) == []
    assert errors == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_request_is_rejected_only_after_its_confirmation_and_its_page_fits(chromium, live_server, size):
    service_request = submit_request(requester_email="a.very.long.address.for.the.requester@example.org")
    page, errors = _page(chromium, live_server, size, UserFactory(role=Role.OOBC_STAFF))
    page.goto(live_server.url + reverse("service_catalog:triage"))
    code = page.get_by_role("link", name=service_request.tracking_code)
    # The tracking code stays on one line (its box is one line high, not three).
    assert code.bounding_box()["height"] < 2 * float(
        code.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    )
    filters = page.locator("details.filter-disclosure select#id_status")
    if size == "phone":  # folded away: the requests come first
        expect(filters).to_be_hidden()
    else:
        expect(filters).to_be_visible()
    _shot(page, f"triage-{size}")
    code.click()
    # The two cards share the row on a desktop (not squeezed into half of it) and nothing
    # runs over a card's border.
    cards = page.locator(".sc-detail > .card")
    main = page.locator(".sc-detail").bounding_box()["width"]
    widths = [cards.nth(index).bounding_box()["width"] for index in range(cards.count())]
    assert sum(widths) > 0.9 * main if size == "desktop" else all(width > 0.9 * main for width in widths)
    assert cards.evaluate_all("cards => cards.every(card => card.scrollWidth <= card.clientWidth)")
    _shot(page, f"triage-detail-{size}")
    page.select_option("#id_to_status", RequestStatus.REJECTED)
    page.fill("#id_public_note", "Your barangay was served this year.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=f"Reject {service_request.tracking_code}?")).to_be_visible()
    _shot(page, f"triage-reject-confirm-{size}")
    assert axe_violations(page) == []
    service_request.refresh_from_db()
    assert service_request.status == RequestStatus.SUBMITTED  # asking rejected nothing
    page.get_by_role("button", name="Reject the request").click()
    page.wait_for_url(re.compile(rf"/catalog/triage/{service_request.uid}/$"))
    service_request.refresh_from_db()
    assert service_request.status == RequestStatus.REJECTED
    assert errors == []
