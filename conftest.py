"""Fixtures every app's tests share."""

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import trans_real
from rest_framework.test import APIClient

from common.models import Role
from common.tests.factories import UserFactory

# Tests that start a process, a browser, a real worker or a live server are slow by nature:
# marked here once, so `pytest -m "not slow"` (the contributor's fast loop) never waits for them.
SLOW_FIXTURES = frozenset({"celery_worker", "live_server", "browser", "embedded_server"})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("worker") or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's session-wide live server, started only once the test database exists.

    pytest-django's own fixture does not depend on the database, so when a browser test was
    the first to need the database the server was started first and, finalizers running in
    reverse, stopped last: the test database was dropped while the server's thread still held
    a connection ("database test_obcms_gw0 is being accessed by other users"). Depending on
    django_db_setup makes the server stop (closing its connections) before the drop. The
    browser tests' own ORM calls, made while Playwright's event loop runs, use a connection
    of their own: tests/browser.py closes it when the browser closes."""
    yield live_server


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttle counters and lockouts live in the cache (Redis): no test inherits another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # LocaleMiddleware activates a request's language in the thread and nothing deactivates
    # it: a test that requested a page in Filipino would leave the next test's service calls
    # (and the messages they write) in Filipino.
    yield
    translation.deactivate()


@pytest.fixture
def user_for_role(db):
    """user_for_role(Role.X) -> a new active user of that role."""

    def make(role: Role, **fields):
        return UserFactory(role=role, **fields)

    return make


@pytest.fixture
def users_by_role(user_for_role):
    return {role: user_for_role(role) for role in Role}


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """A real Celery worker on a queue of its own (see tests/celery_worker.py)."""
    from tests.celery_worker import start_worker, stop_worker

    worker = start_worker(tmp_path)
    yield worker
    stop_worker(worker)


@pytest.fixture
def untranslated(monkeypatch):
    """Records every gettext lookup that finds no Filipino translation (the definition of
    "no English left" in docs/translations.md; used by the public and the portal pages' tests)."""
    misses: set[str] = set()
    original_gettext = trans_real.DjangoTranslation.gettext
    original_ngettext = trans_real.DjangoTranslation.ngettext

    def gettext(self, message):
        if self.language() == "fil" and message and self._catalog.get(message) is None:
            misses.add(message)
        return original_gettext(self, message)

    def ngettext(self, msgid1, msgid2, n):
        if self.language() == "fil" and self._catalog.get((msgid1, 0)) is None:
            misses.add(msgid1)
        return original_ngettext(self, msgid1, msgid2, n)

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", gettext)
    monkeypatch.setattr(trans_real.DjangoTranslation, "ngettext", ngettext)
    return misses
