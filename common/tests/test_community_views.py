"""The OBC community pages: access per role, filters without JavaScript, htmx partials, the
PPAs a MAO focal person sees on a profile, and flat query counts."""

import pytest
from django.urls import reverse

from common.models import EthnolinguisticGroup, PovertyBand, Role
from common.tests.geo_factories import (
    CommunityFactory,
    MunicipalityFactory,
    NeedFactory,
    ProvinceFactory,
    RegionFactory,
)
from common.tests.page_checks import (
    HTMX,
    MISSING_UID,
    OUTSIDERS,
    READERS,
    assert_full_page,
    assert_partial_only,
    query_count,
    rows,
    signed_in,
)
from coordination.tests.factories import OrganizationFactory
from monitoring.tests.factories import PpaFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("communities:community_list")


def detail_url(community) -> str:
    return reverse("communities:community_detail", kwargs={"uid": community.uid})


@pytest.mark.parametrize("role", READERS)
def test_every_registry_role_reads_the_list_and_a_profile(client, role):
    community = CommunityFactory(name="Bangsamoro of Poblacion Kabacan")
    signed_in(client, role)
    assert "Poblacion Kabacan" in client.get(LIST_URL).content.decode()
    assert client.get(detail_url(community)).status_code == 200


@pytest.mark.parametrize("role", OUTSIDERS)
def test_roles_without_the_registry_are_refused(client, role):
    community = CommunityFactory()
    signed_in(client, role)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(detail_url(community)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    community = CommunityFactory()
    for url in (LIST_URL, detail_url(community)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_unknown_community_is_404(client):
    signed_in(client, Role.OOBC_STAFF)
    url = reverse("communities:community_detail", kwargs={"uid": MISSING_UID})
    assert client.get(url).status_code == 404


def test_htmx_request_gets_only_the_results_partial(client):
    CommunityFactory(name="Bangsamoro of Lumbayanague")
    signed_in(client, Role.OOBC_STAFF)
    assert_partial_only(client.get(LIST_URL, **HTMX), "Lumbayanague")
    assert_full_page(client.get(LIST_URL), "Lumbayanague")


def test_filters_narrow_the_table_and_stay_selected(client):
    region_ix = RegionFactory(psgc_code="0900000000", name="Region IX (Zamboanga Peninsula)", short_name="IX")
    province = ProvinceFactory(region=region_ix, psgc_code="0907200000", name="Zamboanga del Norte")
    wanted = CommunityFactory(
        name="Sama of Sindangan",
        barangay__municipality=MunicipalityFactory(province=province),
        ethnolinguistic_group=EthnolinguisticGroup.SAMA,
        poverty_band=PovertyBand.VERY_HIGH,
    )
    CommunityFactory(name="Maguindanaon of Isulan")
    signed_in(client, Role.OOBC_STAFF)
    for query in (
        "region=0900000000",
        "province=0907200000",
        "ethnolinguistic_group=sama",
        "poverty_band=very_high",
        "q=sindangan",
    ):
        response = client.get(f"{LIST_URL}?{query}")
        body = response.content.decode()
        assert wanted.name in body and "Isulan" not in body, query
        assert rows(response) == 1
    body = client.get(f"{LIST_URL}?province=0907200000").content.decode()
    assert '<option value="0907200000" selected>' in body


def test_list_pages_25_rows(client):
    CommunityFactory.create_batch(27)
    signed_in(client, Role.OOBC_STAFF)
    assert rows(client.get(LIST_URL)) == 25
    assert rows(client.get(f"{LIST_URL}?page=2", **HTMX)) == 2


def test_list_query_count_does_not_grow_with_rows(client):
    signed_in(client, Role.OOBC_STAFF)
    NeedFactory.create_batch(2)
    few = query_count(client, LIST_URL)
    NeedFactory.create_batch(10)
    assert query_count(client, LIST_URL) == few


def test_profile_shows_needs_ppas_and_marks_synthetic_data(client):
    community = CommunityFactory(source="synthetic", estimated_obc_population=1250)
    NeedFactory(community=community, title="Madrasah classrooms")
    ppa = PpaFactory(title="Classroom construction", communities=[community])
    signed_in(client, Role.OOBC_STAFF)
    body = client.get(detail_url(community)).content.decode()
    assert "Madrasah classrooms" in body and "Classroom construction" in body
    assert reverse("monitoring:ppa_detail", kwargs={"uid": ppa.uid}) in body
    assert "1,250" in body and "Synthetic" in body and "generated for the demo" in body


def test_focal_person_sees_only_their_own_maos_ppas_on_a_profile(client):
    user = signed_in(client, Role.MAO_FOCAL)
    community = CommunityFactory()
    PpaFactory(title="Own MAO water system", implementing_mao=user.organization, communities=[community])
    PpaFactory(title="Other MAO road", implementing_mao=OrganizationFactory(), communities=[community])
    body = client.get(detail_url(community)).content.decode()
    assert "Own MAO water system" in body and "Other MAO road" not in body
    assert "Only your own MAO" in body


def test_profile_query_count_does_not_grow_with_needs_and_ppas(client):
    signed_in(client, Role.OOBC_STAFF)
    community = CommunityFactory()
    NeedFactory(community=community)
    PpaFactory(communities=[community])
    few = query_count(client, detail_url(community))
    NeedFactory.create_batch(5, community=community)
    PpaFactory.create_batch(5, communities=[community])
    assert query_count(client, detail_url(community)) == few


def test_nav_offers_communities_to_registry_roles(client):
    signed_in(client, Role.MAO_FOCAL)
    assert LIST_URL in client.get(reverse("common:home")).content.decode()
