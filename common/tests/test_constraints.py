"""The database refuses rows that break the geography and community invariants, even when
written around the services."""

import pytest

from common.models import Municipality, MunicipalityKind
from common.tests.geo_factories import (
    BarangayFactory,
    CommunityFactory,
    MunicipalityFactory,
    ProvinceFactory,
    RegionFactory,
)
from common.tests.registry_helpers import refused_by_database

pytestmark = pytest.mark.django_db


def test_a_highly_urbanised_city_cannot_belong_to_a_province():
    province = ProvinceFactory()
    assert refused_by_database(
        lambda: MunicipalityFactory(province=province, kind=MunicipalityKind.CITY, is_huc=True)
    )
    assert not Municipality.objects.exists()


def test_only_a_city_can_be_highly_urbanised():
    assert refused_by_database(
        lambda: MunicipalityFactory(province=None, region=RegionFactory(), kind="municipality", is_huc=True)
    )


@pytest.mark.parametrize("code", ["12345", "123456789", "12AB000000"])
def test_psgc_codes_are_ten_digits(code):
    assert refused_by_database(lambda: BarangayFactory(psgc_code=code))


def test_a_community_cannot_have_more_households_than_people():
    assert refused_by_database(lambda: CommunityFactory(estimated_obc_population=100, households=101))


@pytest.mark.parametrize("field,value", [("latitude", 100), ("latitude", -91), ("longitude", 181)])
def test_coordinates_stay_on_the_globe(field, value):
    assert refused_by_database(lambda: CommunityFactory(**{field: value}))


@pytest.mark.parametrize("value", [0, 6])
def test_access_ratings_run_from_1_to_5(value):
    assert refused_by_database(lambda: CommunityFactory(road_access=value))


def test_a_barangay_has_one_community():
    community = CommunityFactory()
    assert refused_by_database(lambda: CommunityFactory(barangay=community.barangay))


def test_a_valid_community_is_accepted():
    assert not refused_by_database(lambda: CommunityFactory(latitude=7.2, longitude=124.25, road_access=3))
