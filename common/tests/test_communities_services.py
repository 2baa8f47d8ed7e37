"""Services of communities and needs, called directly (as the staff pages and loaders do)."""

import pytest
from django.core.exceptions import PermissionDenied

from common.errors import ApplicationError
from common.models import Community, MunicipalityKind, Role
from common.services.communities import community_create, community_update, need_update
from common.tests.geo_factories import (
    BarangayFactory,
    CommunityFactory,
    MunicipalityFactory,
    NeedFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

COMMUNITY = {
    "name": "Tausug community of Santa Maria",
    "estimated_obc_population": 900,
    "ethnolinguistic_group": "tausug",
}


def test_a_community_in_a_highly_urbanised_city_has_no_province(user_for_role):
    city = MunicipalityFactory(province=None, region=RegionFactory(), kind=MunicipalityKind.CITY, is_huc=True)
    community = community_create(
        acting_user=user_for_role(Role.OOBC_STAFF), barangay=BarangayFactory(municipality=city), **COMMUNITY
    )
    assert community.province is None and community.region == city.region and community.municipality == city


@pytest.mark.parametrize("role", [Role.MAO_FOCAL, Role.OCM_EXECUTIVE, Role.COMMUNITY_LEADER])
def test_only_oobc_writes_communities(user_for_role, role):
    with pytest.raises(PermissionDenied):
        community_create(acting_user=user_for_role(role), barangay=BarangayFactory(), **COMMUNITY)
    assert not Community.objects.exists()


def test_a_barangay_without_a_census_population_sets_no_ceiling(user_for_role):
    barangay = BarangayFactory(population=None)
    community = community_create(
        acting_user=user_for_role(Role.OOBC_EXECUTIVE),
        barangay=barangay,
        **{**COMMUNITY, "estimated_obc_population": 10**6},
    )
    assert community.estimated_obc_population == 10**6


def test_every_broken_rule_is_reported_at_once(user_for_role):
    with pytest.raises(ApplicationError) as refused:
        community_create(
            acting_user=user_for_role(Role.OOBC_STAFF),
            barangay=BarangayFactory(population=500),
            **{**COMMUNITY, "households": 1000, "latitude": 95},
        )
    assert {"estimated_obc_population", "households", "latitude"} <= set(refused.value.fields)


def test_moving_a_need_to_a_smaller_community_is_refused(user_for_role):
    need = NeedFactory(affected_population=700)
    smaller = CommunityFactory(estimated_obc_population=300, households=60)
    with pytest.raises(ApplicationError) as refused:
        need_update(need=need, acting_user=user_for_role(Role.OOBC_STAFF), community=smaller)
    assert "affected_population" in refused.value.fields


def test_a_field_the_service_does_not_write_is_a_programming_error(user_for_role):
    with pytest.raises(TypeError):
        community_update(community=CommunityFactory(), acting_user=user_for_role(Role.OOBC_STAFF), uid="x")
