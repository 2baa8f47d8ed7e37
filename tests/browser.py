"""Debian's Chromium driven by Playwright, for the browser tests of every app.

Playwright never downloads a browser here: it launches /usr/bin/chromium through
`executable_path`. The flags keep Chromium from calling home, which this machine's closed
network would refuse over and over."""

from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}


def playwright_sync_api():
    """The Playwright sync API module, or a skip when Playwright is not installed."""
    return pytest.importorskip("playwright.sync_api")


@contextmanager
def launched_chromium(monkeypatch):
    sync_api = playwright_sync_api()
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # around it are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # While Playwright's event loop runs in this thread, Django keeps the thread's
            # database connections apart: asgiref's Local stores them per context when a loop
            # is running. The ORM calls the test made meanwhile opened their own connection,
            # which the test's teardown (after Playwright has stopped) never sees, and which
            # stayed open until the test database was dropped ("database test_obcms_... is
            # being accessed by other users"). Close it here, while it is still reachable.
            connections.close_all()


DESKTOP = {"width": 1366, "height": 900}
AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """WCAG 2.1 A and AA violations axe-core finds on the page, one line each. The page's
    context needs `bypass_csp=True`: the test injects axe, the app never serves it."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)",
        WCAG_A_AA,
    )
    return list(result)


def session_cookie_for(user, live_server_url: str) -> dict:
    """A signed-in session for `user`, as a Playwright cookie."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server_url}


def fill_request_form(
    page,
    *,
    barangay,
    name: str,
    contact: tuple[str, str],
    details: str,
    beneficiaries: int,
    javascript: bool,
    show_barangays: str,
) -> None:
    """Fill in the public request form. Without JavaScript the barangay list comes from the
    "Show barangays" button (`show_barangays`: its label in the page's language)."""
    page.fill("#id_requester_name", name)
    page.fill(*contact)
    page.select_option("#id_municipality", barangay.municipality.psgc_code)
    if not javascript:
        page.get_by_role("button", name=show_barangays).click()
    page.wait_for_selector(f"#id_barangay option[value='{barangay.psgc_code}']", state="attached")
    page.select_option("#id_barangay", barangay.psgc_code)
    page.fill("#id_details", details)
    page.fill("#id_beneficiaries", str(beneficiaries))
    page.check("#id_consent")
