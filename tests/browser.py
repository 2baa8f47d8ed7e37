"""Debian's Chromium driven by Playwright, for the browser tests of every app.

Playwright never downloads a browser here: it launches /usr/bin/chromium through
`executable_path`. The flags keep Chromium from calling home, which this machine's closed
network would refuse over and over."""

from contextlib import contextmanager

import pytest

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
