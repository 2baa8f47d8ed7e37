"""Fuzz POST /api/v1/internal/ppas/: whatever arrives, the answer is a 201 or a 4xx in the
error shape, never a 500, and a refused request writes nothing."""

import json
import uuid

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from common.models import Role, Sector
from common.tests.factories import UserFactory
from coordination.tests.factories import OrganizationFactory
from monitoring.models import EntryCategory, MonitoringEntry, PpaStatus, RequestStatus
from monitoring.tests.factories_ppa import make_place
from tests.helpers import bearer

pytestmark = pytest.mark.django_db

LIST = "/api/v1/internal/ppas/"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def payloads(known: dict) -> st.SearchStrategy:
    """Bodies near the real shape (so the service's rules are reached) and far from it."""
    money = (st.decimals(min_value=-1, max_value=10**7, places=2) | st.decimals(places=2)).map(str)
    uid = st.sampled_from([known["community"], known["mao"], str(uuid.uuid4()), "x", "\x00"])
    plausible = {
        "category": st.sampled_from(EntryCategory.values),
        "title": st.text(max_size=320),
        "description": st.text(max_size=50),
        "implementing_mao": st.sampled_from([known["mao"], known["lgu"], None]) | uid,
        "fiscal_year": st.integers(min_value=1995, max_value=2105)
        | st.integers(min_value=-10, max_value=10**6),
        "sector": st.sampled_from([*Sector.values, "", "nonsense"]),
        "status": st.sampled_from(PpaStatus.values),
        "request_status": st.sampled_from([*RequestStatus.values, ""]),
        "progress": st.integers(min_value=-5, max_value=105) | st.integers(min_value=-200, max_value=70000),
        "budget_allocated": money,
        "budget_utilized": money,
        "over_utilization_approved": st.booleans(),
        "over_utilization_note": st.text(max_size=320),
        "beneficiaries_individuals": st.integers(min_value=-5, max_value=2**40),
        "coverage_region": st.sampled_from([known["region"], "0000000000", "12\x0000000000"]),
        "coverage_municipality": st.sampled_from([known["municipality"], known["region"]]),
        "communities": st.lists(uid, max_size=4),
        "needs_addressed": st.lists(uid, max_size=2),
        "start_date": st.dates().map(lambda day: day.isoformat()),
        "end_date": st.dates().map(lambda day: day.isoformat()),
    }
    anything = {name: values | junk for name, values in plausible.items()}
    required = {"title": st.just("Fuzzed PPA"), "fiscal_year": st.just(2025), "sector": st.just("social")}

    def near(fields: dict) -> st.SearchStrategy:
        return st.fixed_dictionaries(
            required, optional={name: values for name, values in fields.items() if name not in required}
        )

    return st.one_of(
        near(plausible), near(plausible), near(anything), st.fixed_dictionaries({}, optional=anything), junk
    )


@pytest.fixture
def known():
    place = make_place()
    return {
        "mao": str(OrganizationFactory().uid),
        "lgu": str(OrganizationFactory(kind="lgu").uid),
        "community": str(place.community().uid),
        "region": place.region.psgc_code,
        "municipality": place.municipality.psgc_code,
    }


@pytest.fixture
def writers():
    return [bearer(UserFactory(role=Role.OOBC_STAFF)), bearer(UserFactory(role=Role.MAO_FOCAL))]


@FUZZ
@given(data=st.data())
def test_posting_anything_never_fails_and_refusals_write_nothing(api_client, known, writers, data):
    body = data.draw(payloads(known))
    headers = data.draw(st.sampled_from(writers))
    cache.clear()  # the per-user throttle (1000/hour) must not end a long run
    before = MonitoringEntry.objects.count()
    # json.dumps, not the test client's encoder: NaN and Infinity must reach the parser too.
    response = api_client.post(LIST, json.dumps(body), content_type="application/json", **headers)
    fields = response.json().get("extra", {}).get("fields", {}) if response.status_code == 400 else {}
    event(f"status {response.status_code} {sorted(fields)[:2]}")
    assert response.status_code in (201, 400), (body, response.status_code, response.content)
    if response.status_code == 400:
        assert set(response.json()) == {"message", "extra"}
        assert MonitoringEntry.objects.count() == before
    else:
        assert MonitoringEntry.objects.count() == before + 1
