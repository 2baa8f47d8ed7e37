"""/api/v1/internal/ geography: regions, provinces, cities and municipalities, barangays."""

import itertools

import pytest

from common.models import MunicipalityKind, Role
from common.tests.geo_factories import BarangayFactory, MunicipalityFactory, ProvinceFactory, RegionFactory
from common.tests.registry_helpers import (
    API,
    NOT_REGISTRY_READERS,
    REGISTRY_READERS,
    api_get,
    assert_list_queries_do_not_grow,
    result_uids,
)
from tests.helpers import assert_error_shape

pytestmark = pytest.mark.django_db

GEOGRAPHY_LISTS = ["regions", "provinces", "municipalities"]
REGION_NUMBERS = itertools.count(13)


@pytest.fixture
def places():
    region_ix = RegionFactory(psgc_code="0900000000", name="Region IX (Zamboanga Peninsula)", short_name="IX")
    region_xii = RegionFactory()
    sultan_kudarat = ProvinceFactory(region=region_xii, name="Sultan Kudarat")
    zamboanga_sibugay = ProvinceFactory(region=region_ix, name="Zamboanga Sibugay")
    isulan = MunicipalityFactory(province=sultan_kudarat, name="Isulan")
    ipil = MunicipalityFactory(province=zamboanga_sibugay, name="Ipil")
    zamboanga_city = MunicipalityFactory(
        province=None, region=region_ix, name="Zamboanga City", kind=MunicipalityKind.CITY, is_huc=True
    )
    return {
        "region_ix": region_ix,
        "region_xii": region_xii,
        "sultan_kudarat": sultan_kudarat,
        "isulan": isulan,
        "ipil": ipil,
        "zamboanga_city": zamboanga_city,
        "kalawag": BarangayFactory(municipality=isulan, name="Kalawag I"),
        "poblacion": BarangayFactory(municipality=ipil, name="Poblacion"),
    }


@pytest.mark.parametrize("role", REGISTRY_READERS)
@pytest.mark.parametrize("name", GEOGRAPHY_LISTS)
def test_every_registry_reader_lists_places(api_client, user_for_role, places, role, name):
    response = api_get(api_client, user_for_role(role), f"{API}/{name}/")
    assert response.status_code == 200
    assert response.json()["count"] >= 2


@pytest.mark.parametrize("role", NOT_REGISTRY_READERS)
@pytest.mark.parametrize("name", [*GEOGRAPHY_LISTS, "barangays"])
def test_roles_without_a_registry_grant_are_refused(api_client, user_for_role, places, role, name):
    response = api_get(api_client, user_for_role(role), f"{API}/{name}/", municipality="x")
    assert_error_shape(response, 403)


def test_signed_out_callers_are_asked_to_authenticate(api_client, places):
    assert_error_shape(api_client.get(f"{API}/regions/"), 401)


def test_regions_come_in_psgc_order_with_their_codes(api_client, user_for_role, places):
    rows = api_get(api_client, user_for_role(Role.OOBC_STAFF), f"{API}/regions/").json()["results"]
    assert [row["psgc_code"] for row in rows] == ["0900000000", "1200000000"]
    assert rows[0]["short_name"] == "IX"


def test_provinces_filter_by_region(api_client, user_for_role, places):
    response = api_get(api_client, user_for_role(Role.OOBC_STAFF), f"{API}/provinces/", region="1200000000")
    assert [row["name"] for row in response.json()["results"]] == ["Sultan Kudarat"]
    assert response.json()["results"][0]["region"] == "1200000000"


def test_municipalities_filter_by_region_and_province(api_client, user_for_role, places):
    user = user_for_role(Role.OOBC_STAFF)
    in_region_ix = api_get(api_client, user, f"{API}/municipalities/", region="0900000000")
    assert result_uids(in_region_ix, "name") == {"Ipil", "Zamboanga City"}
    in_province = api_get(
        api_client, user, f"{API}/municipalities/", province=places["sultan_kudarat"].psgc_code
    )
    assert result_uids(in_province, "name") == {"Isulan"}


def test_a_highly_urbanised_city_sits_under_its_region_without_a_province(api_client, user_for_role, places):
    response = api_get(api_client, user_for_role(Role.OOBC_STAFF), f"{API}/municipalities/", is_huc="true")
    [city] = response.json()["results"]
    assert city["name"] == "Zamboanga City" and city["province"] is None and city["region"] == "0900000000"


def test_barangays_are_listed_one_municipality_at_a_time(api_client, user_for_role, places):
    user = user_for_role(Role.MAO_FOCAL)
    response = api_get(api_client, user, f"{API}/barangays/", municipality=places["isulan"].psgc_code)
    assert result_uids(response, "name") == {"Kalawag I"}
    assert response.json()["results"][0]["municipality"] == places["isulan"].psgc_code


def test_an_unfiltered_barangay_list_is_refused_naming_municipality(api_client, user_for_role, places):
    response = api_get(api_client, user_for_role(Role.OOBC_STAFF), f"{API}/barangays/")
    assert_error_shape(response, 400, field="municipality")


def test_places_can_be_searched_and_ordered(api_client, user_for_role, places):
    user = user_for_role(Role.OOBC_STAFF)
    found = api_get(api_client, user, f"{API}/municipalities/", search="zamboanga")
    assert result_uids(found, "name") == {"Zamboanga City"}
    ordered = api_get(api_client, user, f"{API}/municipalities/", ordering="-name")
    assert [row["name"] for row in ordered.json()["results"]] == ["Zamboanga City", "Isulan", "Ipil"]


def regions(count: int) -> None:
    for _ in range(count):
        number = next(REGION_NUMBERS)
        RegionFactory(psgc_code=f"{number:02d}00000000", name=f"Region {number}", short_name=str(number))


@pytest.mark.parametrize(
    "name,factory",
    [
        ("regions", regions),
        ("provinces", lambda count: ProvinceFactory.create_batch(count)),
        ("municipalities", lambda count: MunicipalityFactory.create_batch(count)),
    ],
)
def test_place_lists_run_the_same_queries_whatever_their_length(api_client, user_for_role, name, factory):
    assert_list_queries_do_not_grow(api_client, user_for_role(Role.OOBC_STAFF), f"{API}/{name}/", factory)


def test_barangay_list_runs_the_same_queries_whatever_its_length(api_client, user_for_role):
    municipality = MunicipalityFactory()
    assert_list_queries_do_not_grow(
        api_client,
        user_for_role(Role.OOBC_STAFF),
        f"{API}/barangays/",
        lambda count: BarangayFactory.create_batch(count, municipality=municipality),
        municipality=municipality.psgc_code,
    )
