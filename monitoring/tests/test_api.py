"""/api/v1/internal/ppas/: the PPA register over the internal API, for every role."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.models import Role, Sector
from common.tests.factories import UserFactory
from common.tests.geo_factories import CommunityFactory, MunicipalityFactory
from coordination.tests.factories import OrganizationFactory
from monitoring.models import EntryKind, MonitoringEntry, MonitoringUpdate, PpaStatus
from monitoring.tests.factories import PpaFactory, UpdateFactory
from monitoring.tests.factories_ppa import IndicatorFactory, make_place
from tests.helpers import assert_error_shape, bearer

pytestmark = pytest.mark.django_db

LIST = reverse("api-internal:ppa-list")
WRITERS = [Role.OOBC_EXECUTIVE, Role.OOBC_STAFF]
READERS = [*WRITERS, Role.OCM_EXECUTIVE]
OUTSIDERS = [Role.COMMUNITY_LEADER, Role.EXTERNAL_PARTNER]
TODAY = timezone.localdate()


def detail(ppa) -> str:
    return reverse("api-internal:ppa-detail", kwargs={"uid": ppa.uid})


def updates(ppa) -> str:
    return reverse("api-internal:ppa-updates", kwargs={"uid": ppa.uid})


def indicators(ppa) -> str:
    return reverse("api-internal:ppa-indicators", kwargs={"uid": ppa.uid})


def call(client, user, method: str, url: str, data=None):
    return getattr(client, method)(url, data, format="json", **bearer(user))


def new_ppa(mao=None, **overrides) -> dict:
    body = {"title": "Halal food processing training", "fiscal_year": 2025, "sector": "economic"}
    if mao is not None:
        body["implementing_mao"] = str(mao.uid)
    return body | overrides


def progress(**overrides) -> dict:
    return {"reported_on": TODAY.isoformat(), "progress": 75, "status": "ongoing"} | overrides


def counts() -> tuple[int, int]:
    return MonitoringEntry.objects.count(), MonitoringUpdate.objects.count()


@pytest.fixture
def focal():
    return UserFactory(role=Role.MAO_FOCAL)


# --- reading ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_oobc_and_ocm_list_every_ppa(role, api_client):
    PpaFactory.create_batch(3)
    response = call(api_client, UserFactory(role=role), "get", LIST)
    assert response.status_code == 200
    assert response.json()["count"] == 3


@pytest.mark.parametrize("role", READERS)
def test_oobc_and_ocm_read_any_ppa_detail(role, api_client):
    ppa = PpaFactory()
    response = call(api_client, UserFactory(role=role), "get", detail(ppa))
    assert response.status_code == 200
    assert response.json()["uid"] == str(ppa.uid)


def test_focal_person_reads_their_own_mao_ppa(api_client, focal):
    ppa = PpaFactory(implementing_mao=focal.organization)
    IndicatorFactory(entry=ppa)
    for url in (detail(ppa), updates(ppa), indicators(ppa)):
        assert call(api_client, focal, "get", url).status_code == 200


def test_list_rows_are_named_by_uid_with_money_as_strings(api_client):
    ppa = PpaFactory(budget_allocated=1_500_000, budget_utilized=250_000.5)
    row = call(api_client, UserFactory(), "get", LIST).json()["results"][0]
    assert "id" not in row
    assert row["uid"] == str(ppa.uid)
    assert row["implementing_mao"]["uid"] == str(ppa.implementing_mao.uid)
    assert (row["budget_allocated"], row["budget_utilized"]) == ("1500000.00", "250000.50")


def test_focal_person_lists_only_their_own_mao_ppas(api_client, focal):
    own = PpaFactory(implementing_mao=focal.organization)
    PpaFactory.create_batch(2)
    body = call(api_client, focal, "get", LIST).json()
    assert [row["uid"] for row in body["results"]] == [str(own.uid)]


def test_detail_shows_indicators_with_target_and_actual_and_the_communities_served(api_client):
    place = make_place()
    community = place.community()
    ppa = PpaFactory(communities=[community])
    IndicatorFactory(entry=ppa, description="Households with starter kits", target_value=120, actual_value=45)
    UpdateFactory(entry=ppa, progress=55)
    body = call(api_client, UserFactory(), "get", detail(ppa)).json()
    assert body["indicators"] == [
        {
            "kind": "output",
            "description": "Households with starter kits",
            "unit": "count",
            "target_text": "120",
            "target_value": "120.00",
            "actual_value": "45.00",
            "order": 0,
        }
    ]
    assert body["communities"] == [
        {
            "uid": str(community.uid),
            "name": community.name,
            "municipality": place.municipality.name,
            "province": place.province.name,
        }
    ]
    assert body["recent_updates"][0]["progress"] == 55
    assert body["utilization_rate"] == 0.25


def test_a_community_in_a_highly_urbanised_city_has_no_province(api_client):
    region = make_place().region
    huc = MunicipalityFactory(province=None, region=region, kind="city", is_huc=True, name="Davao City")
    community = CommunityFactory(barangay__municipality=huc)
    ppa = PpaFactory(communities=[community])
    served = call(api_client, UserFactory(), "get", detail(ppa)).json()["communities"]
    assert (served[0]["municipality"], served[0]["province"]) == ("Davao City", None)


def test_indicators_endpoint_lists_the_ppa_indicators(api_client):
    ppa = PpaFactory()
    IndicatorFactory.create_batch(2, entry=ppa)
    IndicatorFactory()  # another PPA's
    body = call(api_client, UserFactory(), "get", indicators(ppa)).json()
    assert body["count"] == 2
    assert {"target_value", "actual_value"} <= set(body["results"][0])


def test_progress_reports_are_listed_newest_first(api_client):
    ppa = PpaFactory()
    UpdateFactory(entry=ppa, reported_on=datetime.date(2025, 3, 31), progress=20)
    UpdateFactory(entry=ppa, reported_on=datetime.date(2025, 6, 30), progress=60)
    body = call(api_client, UserFactory(), "get", updates(ppa)).json()
    assert [row["progress"] for row in body["results"]] == [60, 20]


@pytest.mark.parametrize("url", [detail, updates, indicators])
def test_unknown_ppa_is_a_404_in_the_error_shape(api_client, url):
    ghost = PpaFactory.build(uid=uuid.uuid4())
    assert_error_shape(call(api_client, UserFactory(), "get", url(ghost)), 404)


# --- who may not ------------------------------------------------------------------------


@pytest.mark.parametrize("role", OUTSIDERS)
def test_community_leaders_and_partners_are_refused_everything(role, api_client):
    user, ppa = UserFactory(role=role), PpaFactory()
    for method, url, data in [
        ("get", LIST, None),
        ("post", LIST, new_ppa(ppa.implementing_mao)),
        ("get", detail(ppa), None),
        ("patch", detail(ppa), {"title": "x"}),
        ("get", updates(ppa), None),
        ("post", updates(ppa), progress()),
        ("get", indicators(ppa), None),
    ]:
        assert_error_shape(call(api_client, user, method, url, data), 403)
    assert counts() == (1, 0)


def test_anonymous_callers_must_authenticate(api_client):
    assert_error_shape(api_client.get(LIST), 401)


def test_ocm_executive_reads_but_cannot_write(api_client):
    ocm, ppa = UserFactory(role=Role.OCM_EXECUTIVE), PpaFactory(title="Original")
    assert call(api_client, ocm, "get", detail(ppa)).status_code == 200
    for method, url, data in [
        ("post", LIST, new_ppa(ppa.implementing_mao)),
        ("patch", detail(ppa), {"title": "Changed"}),
        ("put", detail(ppa), new_ppa(ppa.implementing_mao, title="Changed")),
        ("post", updates(ppa), progress()),
    ]:
        assert_error_shape(call(api_client, ocm, method, url, data), 403)
    ppa.refresh_from_db()
    assert ppa.title == "Original" and counts() == (1, 0)


@pytest.mark.parametrize(
    "method,url,data",
    [
        ("get", detail, None),
        ("patch", detail, {"title": "Taken over"}),
        ("put", detail, new_ppa(title="Taken over")),
        ("get", updates, None),
        ("post", updates, progress()),
        ("get", indicators, None),
    ],
)
def test_another_mao_ppa_is_a_404_for_a_focal_person(api_client, focal, method, url, data):
    theirs = PpaFactory(title="Theirs")
    assert_error_shape(call(api_client, focal, method, url(theirs), data), 404)
    theirs.refresh_from_db()
    assert theirs.title == "Theirs" and not MonitoringUpdate.objects.exists()


# --- writing ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", WRITERS)
def test_oobc_records_a_ppa_for_any_mao(role, api_client):
    mao, place = OrganizationFactory(), make_place()
    community = place.community()
    body = new_ppa(
        mao,
        budget_allocated="2500000.00",
        coverage_municipality=place.municipality.psgc_code,
        communities=[str(community.uid)],
    )
    response = call(api_client, UserFactory(role=role), "post", LIST, body)
    assert response.status_code == 201, response.json()
    created = response.json()
    ppa = MonitoringEntry.objects.get(uid=created["uid"])
    assert ppa.implementing_mao == mao and list(ppa.communities.all()) == [community]
    assert created["budget_allocated"] == "2500000.00"
    assert created["coverage_region"] == {"psgc_code": place.region.psgc_code, "name": place.region.name}


def test_focal_persons_ppa_belongs_to_their_mao(api_client, focal):
    response = call(api_client, focal, "post", LIST, new_ppa())
    assert response.status_code == 201, response.json()
    assert response.json()["implementing_mao"]["uid"] == str(focal.organization.uid)


def test_focal_person_cannot_record_a_ppa_for_another_mao(api_client, focal):
    response = call(api_client, focal, "post", LIST, new_ppa(OrganizationFactory()))
    assert_error_shape(response, 400, field="implementing_mao")
    assert counts() == (0, 0)


@pytest.mark.parametrize("role", WRITERS)
def test_oobc_changes_any_ppa(role, api_client):
    ppa = PpaFactory()
    response = call(
        api_client, UserFactory(role=role), "patch", detail(ppa), {"title": "Renamed", "progress": 90}
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["title"], response.json()["progress"]) == ("Renamed", 90)


def test_focal_person_changes_their_own_mao_ppa(api_client, focal):
    ppa = PpaFactory(implementing_mao=focal.organization)
    response = call(api_client, focal, "patch", detail(ppa), {"status": "on_hold"})
    assert response.status_code == 200
    ppa.refresh_from_db()
    assert ppa.status == PpaStatus.ON_HOLD


def test_put_replaces_the_fields_it_names_and_needs_the_required_ones(api_client):
    ppa, staff = PpaFactory(), UserFactory()
    assert_error_shape(call(api_client, staff, "put", detail(ppa), {"progress": 10}), 400, field="title")
    body = new_ppa(ppa.implementing_mao, title="Replaced", sector="social")
    response = call(api_client, staff, "put", detail(ppa), body)
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["sector"]) == ("Replaced", "social")


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"title": None}, "title"),
        ({"title": ""}, "title"),
        ({"progress": 150}, "progress"),
        ({"budget_allocated": "-1.00"}, "budget_allocated"),
        ({"communities": [str(uuid.uuid4())]}, "communities"),
        ({"communities": ["not-a-uuid"]}, "communities"),
        ({"start_date": "2025-06-01", "end_date": "2025-01-31"}, "end_date"),
        ({"budget_allocated": "100.00", "budget_utilized": "100.01"}, "budget_utilized"),
        ({"implementing_mao": str(uuid.uuid4())}, "implementing_mao"),
        ({"implementing_mao": "MAFAR"}, "implementing_mao"),
        ({"coverage_region": "9999999999"}, "coverage_region"),
        ({"coverage_region": "XII"}, "coverage_region"),
        ({"fiscal_year": 1999}, "fiscal_year"),
        ({"sector": "astrology"}, "sector"),
        ({"category": "obc_request"}, "request_status"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api_client, overrides, field):
    body = new_ppa(OrganizationFactory(), **overrides)
    body = {key: value for key, value in body.items() if not (key == "title" and value is None)}
    before = counts()
    assert_error_shape(call(api_client, UserFactory(), "post", LIST, body), 400, field=field)
    assert counts() == before


def test_bad_update_is_a_400_and_changes_nothing(api_client):
    ppa = PpaFactory(progress=40)
    response = call(api_client, UserFactory(), "patch", detail(ppa), {"progress": 150})
    assert_error_shape(response, 400, field="progress")
    ppa.refresh_from_db()
    assert ppa.progress == 40


# --- progress reports -------------------------------------------------------------------


@pytest.mark.parametrize("role", [*WRITERS, Role.MAO_FOCAL])
def test_progress_report_moves_the_ppa_forward(api_client, role):
    user = UserFactory(role=role)
    ppa = PpaFactory(implementing_mao=user.organization or OrganizationFactory(), progress=40)
    report = progress(progress=100, status="completed", budget_utilized="990000.00", accomplishments="Done.")
    response = call(api_client, user, "post", updates(ppa), report)
    assert response.status_code == 201, response.json()
    assert response.json()["reported_by"] == user.get_full_name()
    after = call(api_client, user, "get", detail(ppa)).json()
    assert (after["progress"], after["status"], after["budget_utilized"], after["last_reported_on"]) == (
        100,
        "completed",
        "990000.00",
        TODAY.isoformat(),
    )
    assert after["recent_updates"][0]["accomplishments"] == "Done."


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"progress": 150}, "progress"),
        ({"reported_on": (TODAY + datetime.timedelta(days=2)).isoformat()}, "reported_on"),
        ({"budget_utilized": "2000000.00"}, "budget_utilized"),
        ({"status": "finished"}, "status"),
        ({"reported_on": None}, "reported_on"),
    ],
)
def test_bad_progress_report_is_a_400_and_the_ppa_stays(api_client, overrides, field):
    ppa = PpaFactory(progress=40, budget_allocated=1_000_000)
    response = call(api_client, UserFactory(), "post", updates(ppa), progress(**overrides))
    assert_error_shape(response, 400, field=field)
    ppa.refresh_from_db()
    assert ppa.progress == 40 and not MonitoringUpdate.objects.exists()


# --- filters, search, ordering, pagination ------------------------------------------------


def listed(api_client, **params) -> list[str]:
    response = api_client.get(LIST, params, **bearer(UserFactory()))
    assert response.status_code == 200, response.json()
    return [row["title"] for row in response.json()["results"]]


def test_filters_return_the_right_rows(api_client):
    xii, ix = make_place(), make_place("0900000000", "Region IX (Zamboanga Peninsula)")
    mao = OrganizationFactory()
    PpaFactory(title="Social 2024", sector=Sector.SOCIAL, fiscal_year=2024, coverage_region=ix.region)
    PpaFactory(title="Economic 2025 in XII", coverage_region=xii.region, implementing_mao=mao)
    PpaFactory(title="Seaweed drying", description="Solar dryers", coverage_region=ix.region)
    assert listed(api_client, sector="social") == ["Social 2024"]
    assert listed(api_client, fiscal_year=2024) == ["Social 2024"]
    assert listed(api_client, region=xii.region.psgc_code) == ["Economic 2025 in XII"]
    assert listed(api_client, implementing_mao=str(mao.uid)) == ["Economic 2025 in XII"]
    assert listed(api_client, q="solar") == ["Seaweed drying"]
    assert listed(api_client, search=mao.acronym) == ["Economic 2025 in XII"]
    assert listed(api_client, region=ix.region.psgc_code, sector="economic") == ["Seaweed drying"]


@pytest.mark.parametrize(
    "params,field",
    [
        ({"fiscal_year": "soon"}, "fiscal_year"),
        ({"fiscal_year": "99999999"}, "fiscal_year"),
        ({"sector": "astrology"}, "sector"),
        ({"implementing_mao": "MAFAR"}, "implementing_mao"),
        ({"community": "1"}, "community"),
    ],
)
def test_bad_filter_values_are_a_400_naming_the_filter(api_client, params, field):
    assert_error_shape(api_client.get(LIST, params, **bearer(UserFactory())), 400, field=field)


def test_ordering_by_each_allowed_field(api_client):
    PpaFactory(title="B", budget_allocated=300, budget_utilized=0, progress=10, fiscal_year=2024)
    PpaFactory(title="A", budget_allocated=100, budget_utilized=0, progress=90, fiscal_year=2025)
    PpaFactory(title="C", budget_allocated=200, budget_utilized=0, progress=50, fiscal_year=2023)
    assert listed(api_client) == ["A", "B", "C"]  # newest fiscal year first
    assert listed(api_client, ordering="title") == ["A", "B", "C"]
    assert listed(api_client, ordering="-budget_allocated") == ["B", "C", "A"]
    assert listed(api_client, ordering="progress") == ["B", "C", "A"]
    assert listed(api_client, ordering="fiscal_year") == ["C", "B", "A"]
    assert listed(api_client, ordering="-updated_at") == ["C", "A", "B"]
    assert listed(api_client, ordering="description") == ["A", "B", "C"]  # not allowed: ignored


def test_page_size_pages_the_list_by_cursor(api_client):
    for title in "ABCDE":
        PpaFactory(title=title, fiscal_year=2025)
    headers = bearer(UserFactory())
    first = api_client.get(LIST, {"page_size": 2}, **headers).json()
    assert first["count"] == 5 and first["count_exact"] is True
    assert [row["title"] for row in first["results"]] == ["A", "B"]
    second = api_client.get(first["next"], **headers).json()
    assert [row["title"] for row in second["results"]] == ["C", "D"]
    assert "page_size=2" in first["next"] and second["next_cursor"]


def test_list_query_count_does_not_grow_with_rows(api_client):
    place, headers = make_place(), bearer(UserFactory())
    communities = [place.community() for _ in range(3)]

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api_client.get(LIST, {"page_size": 50}, **headers)
        assert response.status_code == 200
        return len(captured)

    for _ in range(5):
        PpaFactory(
            coverage_region=place.region, coverage_municipality=place.municipality, communities=communities
        )
    with_five = queries_for_list()
    for _ in range(25):
        PpaFactory(
            coverage_region=place.region, coverage_municipality=place.municipality, communities=communities
        )
    assert queries_for_list() == with_five <= 3  # user, count, rows


def test_detail_query_count_does_not_grow_with_related_rows(api_client):
    place, staff = make_place(), UserFactory()
    headers, ppa = bearer(staff), PpaFactory()

    def queries_for_detail() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api_client.get(detail(ppa), **headers).status_code == 200
        return len(captured)

    few = queries_for_detail()
    ppa.communities.set([place.community() for _ in range(6)])
    IndicatorFactory.create_batch(4, entry=ppa)
    UpdateFactory.create_batch(7, entry=ppa, reported_by=staff)
    assert queries_for_detail() == few


def test_a_special_provision_shows_its_earmark_and_refuses_a_budget_with_a_400(api_client):
    provision = PpaFactory(
        kind=EntryKind.SPECIAL_PROVISION, budget_allocated=0, budget_utilized=0, earmarked_amount=250_000
    )
    staff = UserFactory(role=Role.OOBC_STAFF)
    body = call(api_client, staff, "get", detail(provision)).json()
    assert (body["kind"], body["budget_allocated"], body["earmarked_amount"]) == (
        "special_provision",
        "0.00",
        "250000.00",
    )
    response = call(api_client, staff, "patch", detail(provision), {"budget_allocated": "1000.00"})
    assert_error_shape(response, 400, field="budget_allocated")
    provision.refresh_from_db()
    assert provision.budget_allocated == 0
