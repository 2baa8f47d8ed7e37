"""The filter bar of a list page is its FilterSet's own form (common.filters.ListFilterSet)."""

import pytest

from common.filters import CommunityFilter
from common.models import Community, Role
from common.tests.factories import UserFactory
from common.tests.geo_factories import CommunityFactory, RegionFactory
from monitoring.filters import PpaFilter

pytestmark = pytest.mark.django_db


def test_the_bar_shows_the_page_filters_in_order_with_any_as_the_empty_choice():
    region = RegionFactory()
    form = CommunityFilter({"q": "Dalican", "region": region.psgc_code, "municipality": "123"}).bar()
    assert list(form.fields) == ["q", "region", "province", "ethnolinguistic_group", "poverty_band"]
    html = str(form)
    assert f'<option value="{region.psgc_code}" selected>' in html  # a select, keeping the code
    assert '<option value="" selected>Any</option>' in html  # poverty band: nothing chosen
    assert 'type="search"' in html and 'value="Dalican"' in html


def test_the_bar_hides_what_the_api_still_filters_by():
    community = CommunityFactory()
    CommunityFactory()
    params = {"municipality": community.municipality.psgc_code}
    assert "municipality" not in CommunityFilter(params).bar().fields
    assert list(CommunityFilter(params, queryset=Community.objects.all()).qs) == [community]


def test_a_mao_focal_person_has_no_mao_to_choose_and_staff_choose_from_the_maos():
    focal = UserFactory(role=Role.MAO_FOCAL)
    staff = UserFactory(role=Role.OOBC_STAFF)
    assert "implementing_mao" not in PpaFilter({}).bar(focal).fields
    assert "implementing_mao" in PpaFilter({}).bar(staff).fields
