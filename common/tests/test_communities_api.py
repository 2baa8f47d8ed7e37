"""/api/v1/internal/ communities and needs: every registry reader sees them all, only OOBC
executives and staff write them."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.models import Community, DataSource, EthnolinguisticGroup, Need, PovertyBand, Role
from common.tests.geo_factories import (
    BarangayFactory,
    CommunityFactory,
    MunicipalityFactory,
    NeedFactory,
    ProvinceFactory,
    RegionFactory,
)
from common.tests.registry_helpers import (
    API,
    NOT_REGISTRY_READERS,
    REGISTRY_READERS,
    WHOLE_REGISTRY_WRITERS,
    api_get,
    api_patch,
    api_post,
    assert_list_queries_do_not_grow,
    object_url,
    result_uids,
)
from monitoring.tests.factories import PpaFactory
from tests.helpers import assert_error_shape

pytestmark = pytest.mark.django_db

COMMUNITIES = f"{API}/communities/"
NEEDS = f"{API}/needs/"


def new_community(in_barangay, **changes) -> dict:
    return {
        "barangay": in_barangay.psgc_code,
        "name": "Bangsamoro community of Kalawag",
        "estimated_obc_population": 1200,
        "households": 240,
        "ethnolinguistic_group": EthnolinguisticGroup.MAGUINDANAON,
        "poverty_band": PovertyBand.HIGH,
        **changes,
    }


def new_need(of_community, **changes) -> dict:
    return {
        "community": str(of_community.uid),
        "title": "Madrasah classrooms",
        "sector": "social",
        "urgency": "short_term",
        "affected_population": 300,
        **changes,
    }


# --- reading ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", REGISTRY_READERS)
def test_every_registry_reader_sees_every_community_and_need(api_client, user_for_role, role):
    communities = CommunityFactory.create_batch(2)
    need = NeedFactory(community=communities[0])
    user = user_for_role(role)
    assert result_uids(api_get(api_client, user, COMMUNITIES)) == {str(c.uid) for c in communities}
    assert result_uids(api_get(api_client, user, NEEDS)) == {str(need.uid)}
    assert api_get(api_client, user, object_url("communities", communities[1])).status_code == 200
    assert api_get(api_client, user, object_url("needs", need)).status_code == 200


@pytest.mark.parametrize("role", NOT_REGISTRY_READERS)
def test_roles_without_a_registry_grant_cannot_read_communities_or_needs(api_client, user_for_role, role):
    need = NeedFactory()
    user = user_for_role(role)
    for url in (COMMUNITIES, object_url("communities", need.community), NEEDS, object_url("needs", need)):
        assert_error_shape(api_get(api_client, user, url), 403)


def test_a_community_lists_its_places_by_psgc_code_and_counts_its_needs(api_client, user_for_role):
    community = CommunityFactory()
    NeedFactory.create_batch(2, community=community)
    [row] = api_get(api_client, user_for_role(Role.OOBC_STAFF), COMMUNITIES).json()["results"]
    municipality = community.barangay.municipality
    assert row["barangay"] == community.barangay.psgc_code
    assert row["municipality"] == municipality.psgc_code
    assert row["province"] == municipality.province.psgc_code
    assert row["region"] == municipality.region.psgc_code
    assert row["ethnolinguistic_group"] == "maguindanaon"
    assert row["need_count"] == 2


def test_community_detail_shows_needs_and_only_the_ppas_a_mao_focal_person_may_see(api_client, user_for_role):
    community = CommunityFactory()
    need = NeedFactory(community=community)
    focal = user_for_role(Role.MAO_FOCAL)
    own_ppa = PpaFactory(implementing_mao=focal.organization, communities=[community])
    other_ppa = PpaFactory(communities=[community])

    as_focal = api_get(api_client, focal, object_url("communities", community)).json()
    assert [row["uid"] for row in as_focal["needs"]] == [str(need.uid)]
    assert [row["uid"] for row in as_focal["ppas"]] == [str(own_ppa.uid)]
    assert as_focal["ppas"][0]["implementing_mao"] == str(focal.organization.uid)

    as_staff = api_get(
        api_client, user_for_role(Role.OOBC_STAFF), object_url("communities", community)
    ).json()
    assert {row["uid"] for row in as_staff["ppas"]} == {str(own_ppa.uid), str(other_ppa.uid)}


def test_an_unknown_community_or_need_is_a_404(api_client, user_for_role):
    user = user_for_role(Role.OOBC_STAFF)
    assert_error_shape(api_get(api_client, user, f"{COMMUNITIES}{uuid.uuid4()}/"), 404)
    assert_error_shape(api_get(api_client, user, f"{NEEDS}{uuid.uuid4()}/"), 404)


# --- filters, search, ordering, query counts -------------------------------------------------


@pytest.fixture
def two_regions():
    region_ix = RegionFactory(psgc_code="0900000000", name="Region IX", short_name="IX")
    in_ix = CommunityFactory(
        barangay=BarangayFactory(
            municipality=MunicipalityFactory(province=ProvinceFactory(region=region_ix))
        ),
        name="Sama community of Talon-Talon",
        ethnolinguistic_group=EthnolinguisticGroup.SAMA,
        poverty_band=PovertyBand.VERY_HIGH,
    )
    in_xii = CommunityFactory(
        name="Iranun community of Kalawag", ethnolinguistic_group=EthnolinguisticGroup.IRANUN
    )
    return in_ix, in_xii


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"region": "0900000000"}, "in_ix"),
        ({"ethnolinguistic_group": "iranun"}, "in_xii"),
        ({"poverty_band": "very_high"}, "in_ix"),
        ({"q": "talon"}, "in_ix"),
        ({"search": "kalawag"}, "in_xii"),
    ],
)
def test_communities_filter_and_search(api_client, user_for_role, two_regions, params, expected):
    in_ix, in_xii = two_regions
    response = api_get(api_client, user_for_role(Role.OCM_EXECUTIVE), COMMUNITIES, **params)
    assert result_uids(response) == {str({"in_ix": in_ix, "in_xii": in_xii}[expected].uid)}


def test_communities_filter_by_province_and_municipality(api_client, user_for_role, two_regions):
    in_ix, _ = two_regions
    user = user_for_role(Role.OOBC_STAFF)
    by_province = api_get(api_client, user, COMMUNITIES, province=in_ix.province.psgc_code)
    by_municipality = api_get(api_client, user, COMMUNITIES, municipality=in_ix.municipality.psgc_code)
    assert result_uids(by_province) == result_uids(by_municipality) == {str(in_ix.uid)}


def test_communities_order_by_population(api_client, user_for_role):
    small = CommunityFactory(estimated_obc_population=100, households=20)
    large = CommunityFactory(estimated_obc_population=2000, households=400)
    rows = api_get(
        api_client, user_for_role(Role.OOBC_STAFF), COMMUNITIES, ordering="-estimated_obc_population"
    ).json()["results"]
    assert [row["uid"] for row in rows] == [str(large.uid), str(small.uid)]


def test_needs_filter_by_community_sector_urgency_status_region_and_words(
    api_client, user_for_role, two_regions
):
    in_ix, in_xii = two_regions
    water = NeedFactory(community=in_ix, title="Potable water", sector="infrastructure", urgency="immediate")
    school = NeedFactory(
        community=in_xii, title="Madrasah", sector="social", urgency="long_term", status="met"
    )
    user = user_for_role(Role.MAO_FOCAL)
    for params, expected in [
        ({"community": str(in_ix.uid)}, water),
        ({"sector": "social"}, school),
        ({"urgency": "immediate"}, water),
        ({"status": "met"}, school),
        ({"region": "0900000000"}, water),
        ({"q": "madrasah"}, school),
        ({"search": "potable"}, water),
    ]:
        assert result_uids(api_get(api_client, user, NEEDS, **params)) == {str(expected.uid)}, params


def test_a_malformed_community_uid_filter_is_a_400_naming_it(api_client, user_for_role):
    response = api_get(api_client, user_for_role(Role.OOBC_STAFF), NEEDS, community="not-a-uid")
    assert_error_shape(response, 400, field="community")


@pytest.mark.parametrize("role", [Role.OOBC_STAFF, Role.MAO_FOCAL])
def test_community_list_runs_the_same_queries_whatever_its_length(api_client, user_for_role, role):
    assert_list_queries_do_not_grow(
        api_client, user_for_role(role), COMMUNITIES, lambda count: CommunityFactory.create_batch(count)
    )


def test_need_list_runs_the_same_queries_whatever_its_length(api_client, user_for_role):
    assert_list_queries_do_not_grow(
        api_client, user_for_role(Role.OOBC_STAFF), NEEDS, lambda count: NeedFactory.create_batch(count)
    )


def test_community_detail_runs_the_same_queries_whatever_it_holds(api_client, user_for_role):
    community = CommunityFactory()
    user = user_for_role(Role.OOBC_STAFF)
    NeedFactory(community=community)
    PpaFactory(communities=[community])
    with CaptureQueriesContext(connection) as few:
        api_get(api_client, user, object_url("communities", community))
    NeedFactory.create_batch(5, community=community)
    PpaFactory.create_batch(5, communities=[community])
    with CaptureQueriesContext(connection) as many:
        response = api_get(api_client, user, object_url("communities", community))
    assert len(response.json()["needs"]) == 6 and len(response.json()["ppas"]) == 6
    assert len(many) == len(few)


# --- writing communities ------------------------------------------------------------------


@pytest.mark.parametrize("role", WHOLE_REGISTRY_WRITERS)
def test_oobc_adds_a_community_placed_by_its_barangay(api_client, user_for_role, role):
    barangay = BarangayFactory(population=5000)
    response = api_post(api_client, user_for_role(role), COMMUNITIES, new_community(barangay))
    assert response.status_code == 201, response.content
    community = Community.objects.get(uid=response.json()["uid"])
    assert community.municipality == barangay.municipality
    assert community.province == barangay.municipality.province
    assert community.region == barangay.municipality.region
    assert community.source == DataSource.MANUAL
    assert response.json()["region"] == barangay.municipality.region.psgc_code


@pytest.mark.parametrize("role", [Role.MAO_FOCAL, Role.OCM_EXECUTIVE])
def test_mao_focal_persons_and_ocm_cannot_write_communities(api_client, user_for_role, role):
    user = user_for_role(role)
    community = CommunityFactory()
    created = api_post(api_client, user, COMMUNITIES, new_community(BarangayFactory()))
    changed = api_patch(api_client, user, object_url("communities", community), {"name": "Renamed"})
    assert_error_shape(created, 403)
    assert_error_shape(changed, 403)
    assert Community.objects.count() == 1
    community.refresh_from_db()
    assert community.name != "Renamed"


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"estimated_obc_population": 5001}, "estimated_obc_population"),
        ({"households": 1300}, "households"),
        ({"latitude": "100.0"}, "latitude"),
        ({"longitude": "-181.0"}, "longitude"),
        ({"road_access": 6}, "road_access"),
        ({"ethnolinguistic_group": "unknown"}, "ethnolinguistic_group"),
        ({"barangay": "1299999999"}, "barangay"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_community_input_is_a_400_naming_the_field_and_writes_nothing(
    api_client, user_for_role, changes, field
):
    barangay = BarangayFactory(population=5000)
    response = api_post(
        api_client, user_for_role(Role.OOBC_STAFF), COMMUNITIES, new_community(barangay, **changes)
    )
    assert_error_shape(response, 400, field=field)
    assert not Community.objects.exists()


def test_a_barangay_has_one_community_only(api_client, user_for_role):
    existing = CommunityFactory()
    response = api_post(
        api_client,
        user_for_role(Role.OOBC_STAFF),
        COMMUNITIES,
        new_community(existing.barangay, households=10),
    )
    assert_error_shape(response, 400, field="barangay")
    assert Community.objects.count() == 1


def test_oobc_staff_update_a_community_and_moving_it_moves_its_places(api_client, user_for_role):
    community = CommunityFactory()
    elsewhere = BarangayFactory(municipality=MunicipalityFactory(province=ProvinceFactory()))
    response = api_patch(
        api_client,
        user_for_role(Role.OOBC_STAFF),
        object_url("communities", community),
        {"barangay": elsewhere.psgc_code, "poverty_band": "low"},
    )
    assert response.status_code == 200, response.content
    community.refresh_from_db()
    assert community.barangay == elsewhere and community.municipality == elsewhere.municipality
    assert community.province == elsewhere.municipality.province
    assert response.json()["poverty_band"] == "low" and response.json()["needs"] == []


def test_a_community_population_cannot_fall_below_one_of_its_needs(api_client, user_for_role):
    need = NeedFactory(affected_population=600)
    response = api_patch(
        api_client,
        user_for_role(Role.OOBC_STAFF),
        object_url("communities", need.community),
        {"estimated_obc_population": 500, "households": 50},
    )
    assert_error_shape(response, 400, field="estimated_obc_population")
    need.community.refresh_from_db()
    assert need.community.estimated_obc_population == 800


# --- writing needs ------------------------------------------------------------------------


@pytest.mark.parametrize("role", WHOLE_REGISTRY_WRITERS)
def test_oobc_records_a_need_of_a_community(api_client, user_for_role, role):
    community = CommunityFactory()
    response = api_post(api_client, user_for_role(role), NEEDS, new_need(community))
    assert response.status_code == 201, response.content
    need = Need.objects.get(uid=response.json()["uid"])
    assert need.community == community and response.json()["community_name"] == community.name


@pytest.mark.parametrize("role", [Role.MAO_FOCAL, Role.OCM_EXECUTIVE])
def test_mao_focal_persons_and_ocm_cannot_write_needs(api_client, user_for_role, role):
    user = user_for_role(role)
    need = NeedFactory()
    assert_error_shape(api_post(api_client, user, NEEDS, new_need(need.community)), 403)
    assert_error_shape(api_patch(api_client, user, object_url("needs", need), {"status": "met"}), 403)
    need.refresh_from_db()
    assert Need.objects.count() == 1 and need.status != "met"


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"affected_population": 801}, "affected_population"),
        ({"community": str(uuid.uuid4())}, "community"),
        ({"sector": "space"}, "sector"),
        ({"urgency": ""}, "urgency"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_need_input_is_a_400_naming_the_field_and_writes_nothing(
    api_client, user_for_role, changes, field
):
    community = CommunityFactory()  # estimated OBC population 800
    response = api_post(api_client, user_for_role(Role.OOBC_STAFF), NEEDS, new_need(community, **changes))
    assert_error_shape(response, 400, field=field)
    assert not Need.objects.exists()


def test_oobc_staff_update_a_need_within_its_community_population(api_client, user_for_role):
    need = NeedFactory()
    user = user_for_role(Role.OOBC_STAFF)
    updated = api_patch(
        api_client, user, object_url("needs", need), {"status": "being_addressed", "affected_population": 700}
    )
    assert updated.status_code == 200 and updated.json()["status"] == "being_addressed"
    too_many = api_patch(api_client, user, object_url("needs", need), {"affected_population": 900})
    assert_error_shape(too_many, 400, field="affected_population")
    need.refresh_from_db()
    assert need.affected_population == 700
