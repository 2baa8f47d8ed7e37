"""The dashboard's internal API: same figures and filters as the page, one error shape."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.models import Role, Sector
from common.tests.factories import UserFactory
from ocm_dashboard.models import OverlapStatus
from ocm_dashboard.services.overlaps import overlaps_detect
from ocm_dashboard.tests import expected
from ocm_dashboard.tests.factories_dashboard import YEAR, grow_world
from tests.helpers import assert_error_shape, bearer

pytestmark = pytest.mark.django_db
BASE = "/api/v1/internal/ocm-dashboard"


def get(api_client, url: str, role: Role = Role.OCM_EXECUTIVE, **params):
    return api_client.get(url, params, **bearer(UserFactory(role=role)))


def test_overview_matches_an_independent_computation(api_client, world):
    body = get(api_client, f"{BASE}/overview/", fiscal_year=YEAR).json()
    ppas = expected.counted(world.all_ppas)
    want = expected.totals(ppas, expected_progress=body["expected_progress"])
    for key, value in want.items():
        assert body["totals"][key] == value, key
    by_mao = {row["mao_uid"]: row for row in body["by_mao"]}
    for mao, group in expected.group_by(ppas, lambda p: p.implementing_mao).items():
        row = by_mao[str(mao.uid) if mao else None]
        assert row["budget_allocated"] == expected.money(sum(p.budget_allocated for p in group))
    regions = {row["psgc"]: row for row in body["by_region"]}
    assert regions[world.regions["XII"].psgc_code]["budget_allocated"] == "5750000.00"
    assert {row["name"] for row in body["by_province"] if row["kind"] != "unplaced"} == {
        "Zamboanga del Sur",
        "Zamboanga City",
        "Cotabato",
    }


def test_overview_filters_like_the_page(api_client, world):
    mao = world.maos["MB"]
    body = get(api_client, f"{BASE}/overview/", fiscal_year=YEAR, mao=str(mao.uid), sector="social").json()
    want = expected.totals(
        expected.counted(world.all_ppas, mao=mao, sector=Sector.SOCIAL), expected_progress=90
    )
    assert (body["totals"]["ppas"], body["totals"]["budget_allocated"]) == (
        want["ppas"],
        want["budget_allocated"],
    )
    assert body["filters"] == {"fiscal_year": str(YEAR), "sector": "social", "mao": str(mao.uid)}


def test_geographic_coverage_drills_down_level_by_level(api_client, world):
    top = get(api_client, f"{BASE}/geographic-coverage/", fiscal_year=YEAR).json()
    assert top["level"] == "region"
    province = world.provinces["P1"]
    body = get(
        api_client, f"{BASE}/geographic-coverage/", fiscal_year=YEAR, province=province.psgc_code
    ).json()
    assert body["level"] == "municipality"
    assert body["filters"]["region"] == world.regions["IX"].psgc_code  # implied by the province
    rows = {row["name"]: row for row in body["rows"]}
    assert (rows["Pagadian"]["ppas"], rows["Pagadian"]["budget_allocated"]) == (2, "3000000.00")
    community = world.communities["C1"]
    ppas = get(
        api_client, f"{BASE}/geographic-coverage/", fiscal_year=YEAR, community=str(community.uid)
    ).json()
    assert ppas["level"] == "ppa"
    assert {row["uid"] for row in ppas["rows"]} == {str(world.ppas["p1"].uid), str(world.ppas["p2"].uid)}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"fiscal_year": "twenty"}, "fiscal_year"),
        ({"fiscal_year": "1999"}, "fiscal_year"),
        ({"quarter": "0"}, "quarter"),
        ({"sector": "health"}, "sector"),
        ({"mao": "not-a-uuid"}, "mao"),
        ({"mao": "00000000-0000-4000-8000-000000000000"}, "mao"),
        ({"region": "0000000000"}, "region"),
    ],
)
@pytest.mark.parametrize("endpoint", ["overview", "geographic-coverage"])
def test_bad_filters_answer_400_naming_the_field(api_client, world, endpoint, params, field):
    assert_error_shape(get(api_client, f"{BASE}/{endpoint}/", **params), 400, field=field)


@pytest.mark.parametrize("role", [Role.MAO_FOCAL, Role.COMMUNITY_LEADER])
def test_mao_focal_persons_and_community_leaders_cannot_use_the_dashboard_api(api_client, overlap, role):
    for url in (
        f"{BASE}/overview/",
        f"{BASE}/geographic-coverage/",
        f"{BASE}/beneficiary-overlaps/",
        f"{BASE}/beneficiary-overlaps/{overlap.uid}/",
    ):
        assert_error_shape(get(api_client, url, role=role), 403)
    review = api_client.post(
        f"{BASE}/beneficiary-overlaps/{overlap.uid}/review/",
        {"status": "confirmed", "notes": "x"},
        **bearer(UserFactory(role=role)),
    )
    assert_error_shape(review, 403)


def test_the_api_needs_a_token(api_client, overlap):
    assert_error_shape(api_client.get(f"{BASE}/overview/"), 401)


def test_the_overlap_queue_explains_each_overlap(api_client, overlap, world):
    body = get(api_client, f"{BASE}/beneficiary-overlaps/", fiscal_year=YEAR).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["uid"] == str(overlap.uid) and item["community"]["name"] == "Community One"
    assert item["mao_count"] == 2 and item["combined_budget"] == "3000000.00"
    assert {ppa["uid"] for ppa in item["ppas"]} == {str(world.ppas["p1"].uid), str(world.ppas["p2"].uid)}
    assert "2 MAOs (MA, MB)" in item["reason"]


def test_the_overlap_queue_filters(api_client, overlap, world):
    url = f"{BASE}/beneficiary-overlaps/"
    assert get(api_client, url, mao=str(world.maos["MA"].uid)).json()["count"] == 1
    assert get(api_client, url, mao=str(world.maos["MC"].uid)).json()["count"] == 0
    assert get(api_client, url, region=world.regions["IX"].psgc_code).json()["count"] == 1
    assert get(api_client, url, status="confirmed").json()["count"] == 0
    assert_error_shape(get(api_client, url, status="maybe"), 400, field="status")
    assert_error_shape(get(api_client, url, region="1"), 400, field="region")


def test_an_oobc_executive_reviews_an_overlap_through_the_api(api_client, overlap):
    executive = UserFactory(role=Role.OOBC_EXECUTIVE)
    response = api_client.post(
        f"{BASE}/beneficiary-overlaps/{overlap.uid}/review/",
        {"status": "false_positive", "notes": "Different households."},
        **bearer(executive),
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == OverlapStatus.FALSE_POSITIVE
    overlap.refresh_from_db()
    assert overlap.reviewed_by == executive and overlap.review_notes == "Different households."


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"status": "maybe"}, "status"),
        ({"status": "confirmed", "notes": ""}, "notes"),
        ({}, "status"),
        ({"status": "detected", "notes": ""}, "status"),  # no change and no note: not a review
    ],
)
def test_a_bad_review_answers_400_and_writes_nothing(api_client, overlap, payload, field):
    response = api_client.post(
        f"{BASE}/beneficiary-overlaps/{overlap.uid}/review/",
        payload,
        **bearer(UserFactory(role=Role.OOBC_EXECUTIVE)),
    )
    assert_error_shape(response, 400, field=field)
    overlap.refresh_from_db()
    assert overlap.status == OverlapStatus.DETECTED and overlap.reviewed_at is None


@pytest.mark.parametrize("role", [Role.OOBC_STAFF, Role.OCM_EXECUTIVE])
def test_readers_cannot_review(api_client, overlap, role):
    response = api_client.post(
        f"{BASE}/beneficiary-overlaps/{overlap.uid}/review/",
        {"status": "confirmed", "notes": "x"},
        **bearer(UserFactory(role=role)),
    )
    assert_error_shape(response, 403)


def test_an_unknown_overlap_is_404(api_client, world):
    url = f"{BASE}/beneficiary-overlaps/00000000-0000-4000-8000-000000000000/"
    assert_error_shape(get(api_client, url), 404)


def _queries(api_client, url: str, user) -> int:
    headers = bearer(user)
    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(url, **headers).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    ["overview/", "geographic-coverage/", "beneficiary-overlaps/", "geographic-coverage/?municipality=MUNI"],
)
def test_api_queries_do_not_grow_with_rows(api_client, world, path):
    user = UserFactory(role=Role.OCM_EXECUTIVE)
    url = f"{BASE}/{path}".replace("MUNI", world.municipalities["M3"].psgc_code)
    overlaps_detect(fiscal_year=YEAR)
    few = _queries(api_client, f"{url}{'&' if '?' in url else '?'}fiscal_year={YEAR}", user)
    grow_world(world, 12)
    overlaps_detect(fiscal_year=YEAR)
    assert _queries(api_client, f"{url}{'&' if '?' in url else '?'}fiscal_year={YEAR}", user) == few


def test_money_is_exact_in_the_api(api_client, world):
    world.ppas["p1"].budget_allocated = Decimal("1000000.07")
    world.ppas["p1"].save(update_fields=["budget_allocated"])
    body = get(api_client, f"{BASE}/overview/", fiscal_year=YEAR).json()
    assert body["totals"]["budget_allocated"] == "7500000.07"
