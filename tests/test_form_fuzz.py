"""Hostile values in every HTML form the route matrix knows: never a server error.

Each page of the route list (tests/routes.py) is opened as every role that may open it; each
form with method="post" found on it is posted back to its action with hostile values: very
long text, NUL bytes, deep brackets (each in every field at once), and huge numbers, far
dates, non-UUIDs, markup and wrong types dealt round the fields. Any answer but a 5xx passes:
a refusal, a redirect, a saved form whose value was harmless.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from automation.services.series import meeting_series_generate
from automation.tests.factories import SeriesFactory
from common.api.throttles import PublicThrottle
from common.models import Role
from common.permissions import rule_of
from common.tests.factories import UserFactory
from monitoring.tests.factories import PpaFactory
from service_catalog.tests.factories import EntryFactory, submit_request
from tests.routes import project_routes

# Slow by the marker's own definition: it posts to every form as every role (about half a minute).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HOSTILE = {
    "long": "x" * 60_000,
    "nul": "a\x00b",
    "brackets": "[" * 20_000,
    "huge_int": "9" * 40,
    "negative": "-99999999999999999999",
    "far_date": "9999-12-31",
    "far_datetime": "9999-12-31T23:59:59+08:00",
    "not_uuid": "not-a-uuid",
    "markup": "<script>alert(1)</script><b>x</b>",
    "wrong_type": "{'a': [1, 2]}",
}
SKIP_FIELDS = {"csrfmiddlewaretoken"}
# Each of these fills every field of a form on its own (a value that breaks any field breaks
# it there); the others are dealt round the fields, shifted once, to keep the posts few.
ALONE = ("long", "nul", "brackets")


def _payloads(fields: dict) -> list[tuple[str, dict]]:
    payloads = [(kind, dict.fromkeys(fields, HOSTILE[kind])) for kind in ALONE]
    dealt = [kind for kind in HOSTILE if kind not in ALONE]
    for shift in (0, 1):
        kinds = {name: dealt[(index + shift * 3) % len(dealt)] for index, name in enumerate(fields)}
        payloads.append((f"mixed {shift}", {name: HOSTILE[kind] for name, kind in kinds.items()}))
    return payloads


class FormParser(HTMLParser):
    """The post forms of a page: their action and field names (with the value each had)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            if (attributes.get("method") or "get").lower() == "post":
                self._current = {"action": attributes.get("action") or "", "fields": {}}
                self.forms.append(self._current)
            else:
                self._current = None
        elif self._current is not None and tag in ("input", "select", "textarea", "button"):
            name = attributes.get("name")
            if name and name not in SKIP_FIELDS and attributes.get("type") != "file":
                self._current["fields"].setdefault(name, attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _html_routes():
    """Pages, not APIs. Routes with parameters are left out: the route matrix's samples name
    no real object (a 404 page has no form), and the object pages' own tests post bad input."""
    for route in project_routes():
        if route.namespace.startswith("api-") or route.namespace == "open311" or route.params:
            continue
        yield route


@pytest.fixture
def users(db):
    return {role.value: UserFactory(role=role) for role in Role if role != Role.EXTERNAL_PARTNER}


def _forms_of(client, url):
    response = client.get(url, REMOTE_ADDR="198.51.100.60")
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = FormParser()
    parser.feed(response.content.decode(errors="replace"))
    return [(urljoin(url, form["action"]) or url, form["fields"]) for form in parser.forms if form["fields"]]


def _fuzz(client, targets) -> tuple[set, list[str]]:
    """Open each (url, persona, user) target, post hostile values to each form found on it."""
    client.raise_request_exception = False  # a 500 is recorded, and the walk goes on
    failures, posted = [], set()
    for url, persona, user in targets:
        client.logout()
        if user is not None:
            client.force_login(user)
        for action, fields in _forms_of(client, url):
            key = (persona, action.split("?")[0], tuple(sorted(fields)))
            if key in posted:
                continue
            posted.add(key)
            for kind, data in _payloads(fields):
                response = client.post(action, data, REMOTE_ADDR="198.51.100.60")
                if response.status_code >= 500:
                    failures.append(f"{persona} {action} [{kind}]: {response.status_code}")
    return posted, failures


@pytest.fixture(autouse=True)
def _no_throttles(monkeypatch):
    # Throttles would answer 429 before the form is read: lift them, every post reaches a form.
    monkeypatch.setattr(PublicThrottle, "THROTTLE_RATES", {"public": None})


def test_no_form_answers_hostile_values_with_a_server_error(client, users):
    targets = [
        (reverse(route.name), persona, users.get(persona))
        for route in _html_routes()
        for persona in [None, *users]
        if rule_of(route.callback).allows(users.get(persona) or AnonymousUser())
    ]
    posted, failures = _fuzz(client, targets)
    assert posted, "no forms found"
    assert not failures, "\n".join(failures)


@pytest.fixture
def objects(users):
    """One object of each kind whose page has forms: a PPA, a plenary meeting (with its
    series and participants), a published catalog entry and a request for it."""
    staff = users[Role.OOBC_STAFF.value]
    series = SeriesFactory(fiscal_year=timezone.localdate().year + 1)
    meeting_series_generate(series=series, acting_user=staff)
    entry = EntryFactory()
    service_request = submit_request(entry=entry)
    meeting = series.meetings.get(quarter=1).engagement
    uids = [PpaFactory().uid, meeting.uid, series.uid, entry.uid, service_request.uid]
    return {"uid": uids, "slug": [entry.slug], "code": [service_request.tracking_code]}


def test_object_page_forms_answer_hostile_values_without_a_server_error(client, users, objects):
    """The object pages, as the OOBC executive (who may open them all), and the public ones
    (a service's request form, a request's pages) anonymously too."""
    executive = users[Role.OOBC_EXECUTIVE.value]
    targets = []
    for route in project_routes():
        if route.namespace.startswith("api-") or len(route.params) != 1 or route.params[0] not in objects:
            continue
        for value in objects[route.params[0]]:
            url = reverse(route.name, kwargs={route.params[0]: value})
            targets.append((url, "oobc_executive", executive))
            if rule_of(route.callback).allows(AnonymousUser()):
                targets.append((url, None, None))
    posted, failures = _fuzz(client, targets)
    assert len(posted) >= 10, sorted(posted)
    assert not failures, "\n".join(failures)
