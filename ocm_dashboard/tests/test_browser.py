"""The dashboard in a real browser (Debian's Chromium) under the real CSP headers: the map
draws its circles and labels with no tile server, the charts draw, nothing is refused."""

import pytest
from django.test import Client

from common.models import Role
from common.tests.factories import UserFactory
from ocm_dashboard.services.snapshots import snapshot_take
from ocm_dashboard.tests.factories_dashboard import YEAR, build_world
from tests.browser import PHONE, launched_chromium, playwright_sync_api

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
expect = playwright_sync_api().expect


@pytest.fixture
def browser_page(live_server, monkeypatch):
    client = Client()
    client.force_login(UserFactory(role=Role.OCM_EXECUTIVE))
    session = client.cookies["sessionid"].value
    with launched_chromium(monkeypatch) as browser:
        context = browser.new_context()
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        problems: list[str] = []
        page.on(
            "console",
            lambda message: (
                problems.append(f"{message.text} at {message.location}") if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        # Anything fetched from another host would be a run-time download.
        page.on("request", lambda request: problems.append(f"external: {request.url}")
                if not request.url.startswith((live_server.url, "data:")) else None)  # fmt: skip
        yield page, problems


def test_the_map_and_charts_render_offline_under_the_csp(browser_page, live_server):
    build_world()
    snapshot_take(fiscal_year=YEAR)
    page, problems = browser_page
    response = page.goto(f"{live_server.url}/dashboard/?fiscal_year={YEAR}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("#ocm-map.leaflet-container")
    assert page.locator("#ocm-map path.leaflet-interactive").count() == 4  # one circle per municipality
    labels = page.locator("#ocm-map .ocm-map-label").all_text_contents()
    assert sorted(labels) == ["Region IX", "Region XII"]  # short, so they fit on a phone
    assert page.locator("#ocm-map img.leaflet-tile").count() == 0  # no tiles needed
    # The offline base: the coastline, vendored, drawn under the circles.
    page.wait_for_selector("#ocm-map .leaflet-ocm-base-pane path")
    for chart in ("mao", "sector", "region"):
        box = page.locator(f'.ocm-chart[data-chart="{chart}"]')
        expect(box).to_be_visible()
        assert box.locator("canvas").bounding_box()["height"] > 100, chart
    assert not [text for text in problems if "Content Security Policy" in text or "Refused" in text], problems
    assert not problems, problems


def test_drilling_into_a_region_swaps_the_body_and_redraws_the_map(browser_page, live_server):
    world = build_world()
    page, problems = browser_page
    page.goto(f"{live_server.url}/dashboard/?fiscal_year={YEAR}")
    page.wait_for_selector("#ocm-map.leaflet-container")
    page.get_by_role("link", name="Region IX (Zamboanga Peninsula)").first.click()
    page.wait_for_url(f"**region={world.regions['IX'].psgc_code}**")
    page.wait_for_selector("text=Coverage by province and independent city")
    page.wait_for_selector("#ocm-map.leaflet-container")
    assert (
        page.locator("#ocm-map path.leaflet-interactive").count() == 3
    )  # Pagadian, Dumalinao, Zamboanga City
    assert not problems, problems


def test_on_a_phone_the_region_labels_neither_overlap_nor_leave_the_map(browser_page, live_server):
    build_world()
    page, problems = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/dashboard/?fiscal_year={YEAR}")
    page.wait_for_selector("#ocm-map .leaflet-ocm-base-pane path")
    frame = page.locator("#ocm-map").bounding_box()
    boxes = [label.bounding_box() for label in page.locator("#ocm-map .ocm-map-label > span").all()]
    assert len(boxes) == 2
    for box in boxes:
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
        assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"]
    first, second = boxes
    assert (
        first["x"] + first["width"] <= second["x"]
        or second["x"] + second["width"] <= first["x"]
        or first["y"] + first["height"] <= second["y"]
        or second["y"] + second["height"] <= first["y"]
    )
    assert not problems, problems
