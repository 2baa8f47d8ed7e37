"""Reads of the PPA register: who sees which rows, the filters, and query shape."""

import datetime
import uuid

import pytest
from django.http import Http404

from common.models import Role, Sector
from common.tests.factories import UserFactory
from coordination.tests.factories import OrganizationFactory
from monitoring.models import EntryCategory, PpaStatus
from monitoring.selectors import indicator_list, ppa_find, ppa_get, ppa_list, progress_report_list
from monitoring.tests.factories import PpaFactory, UpdateFactory
from monitoring.tests.factories_ppa import IndicatorFactory, make_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(role=Role.OOBC_STAFF)


def titles(queryset) -> set[str]:
    return {ppa.title for ppa in queryset}


# --- scoping ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OOBC_EXECUTIVE, Role.OOBC_STAFF, Role.OCM_EXECUTIVE])
def test_oobc_and_ocm_see_every_mao_ppa(role):
    PpaFactory.create_batch(3)
    assert ppa_list(user=UserFactory(role=role)).count() == 3


def test_focal_person_sees_only_their_own_mao_ppas():
    focal = UserFactory(role=Role.MAO_FOCAL)
    own = PpaFactory(implementing_mao=focal.organization)
    PpaFactory.create_batch(2)
    assert list(ppa_list(user=focal)) == [own]


@pytest.mark.parametrize("role", [Role.COMMUNITY_LEADER, Role.EXTERNAL_PARTNER])
def test_roles_outside_the_registry_see_nothing(role):
    PpaFactory()
    assert not ppa_list(user=UserFactory(role=role)).exists()


@pytest.mark.parametrize("getter", [ppa_get, ppa_find])
def test_another_mao_ppa_is_not_found_for_a_focal_person(getter):
    focal = UserFactory(role=Role.MAO_FOCAL)
    own = PpaFactory(implementing_mao=focal.organization)
    assert getter(user=focal, uid=own.uid) == own
    with pytest.raises(Http404):
        getter(user=focal, uid=PpaFactory().uid)


@pytest.mark.parametrize("uid", [uuid.uuid4(), "not-a-uuid"])
def test_unknown_uid_is_not_found(staff, uid):
    with pytest.raises(Http404):
        ppa_get(user=staff, uid=uid)


# --- shape ------------------------------------------------------------------------------


def test_list_counts_communities_served(staff):
    place = make_place()
    PpaFactory(title="Three", communities=[place.community() for _ in range(3)])
    PpaFactory(title="None")
    counts = {ppa.title: ppa.community_count for ppa in ppa_list(user=staff)}
    assert counts == {"Three": 3, "None": 0}


def test_list_is_ordered_by_newest_fiscal_year_then_title(staff):
    PpaFactory(title="B", fiscal_year=2025)
    PpaFactory(title="A", fiscal_year=2024)
    PpaFactory(title="A", fiscal_year=2025)
    assert [(p.fiscal_year, p.title) for p in ppa_list(user=staff)] == [(2025, "A"), (2025, "B"), (2024, "A")]


def test_list_reads_related_rows_in_one_query(staff, django_assert_num_queries):
    place = make_place()
    for _ in range(5):
        PpaFactory(coverage_region=place.region, communities=[place.community()])
    with django_assert_num_queries(1):
        rows = [
            (p.implementing_mao.name, p.coverage_region.name, p.community_count) for p in ppa_list(user=staff)
        ]
    assert len(rows) == 5


def test_detail_prefetches_everything_it_shows(staff, django_assert_num_queries):
    place = make_place()
    ppa = PpaFactory(communities=[place.community() for _ in range(3)])
    IndicatorFactory.create_batch(2, entry=ppa)
    UpdateFactory.create_batch(3, entry=ppa, reported_by=staff)
    with django_assert_num_queries(5):  # entry, indicators, updates, communities, needs
        found = ppa_get(user=staff, uid=ppa.uid)
        [c.municipality.name for c in found.communities.all()]
        [u.reported_by.username for u in found.updates.all()]
        [i.target_value for i in found.indicators.all()]
        list(found.needs_addressed.all())


def test_progress_reports_are_newest_first():
    ppa = PpaFactory()
    old = UpdateFactory(entry=ppa, reported_on=datetime.date(2025, 3, 31))
    new = UpdateFactory(entry=ppa, reported_on=datetime.date(2025, 6, 30))
    assert list(progress_report_list(ppa=ppa)) == [new, old]


def test_indicators_list_outcomes_before_outputs():
    ppa = PpaFactory()
    output = IndicatorFactory(entry=ppa, kind="output")
    outcome = IndicatorFactory(entry=ppa, kind="outcome")
    assert list(indicator_list(ppa=ppa)) == [outcome, output]


# --- filters ----------------------------------------------------------------------------


def test_filters_by_sector_year_status_and_category(staff):
    PpaFactory(title="Match", sector=Sector.SOCIAL, fiscal_year=2024, status=PpaStatus.COMPLETED)
    PpaFactory(title="Other sector", sector=Sector.ECONOMIC, fiscal_year=2024, status=PpaStatus.COMPLETED)
    PpaFactory(title="Other year", sector=Sector.SOCIAL, fiscal_year=2025, status=PpaStatus.COMPLETED)
    PpaFactory(category=EntryCategory.OOBC_PPA, title="OOBC's own", implementing_mao=None)
    filters = {"sector": "social", "fiscal_year": "2024", "status": "completed", "category": "mao_ppa"}
    assert titles(ppa_list(user=staff, filters=filters)) == {"Match"}


def test_q_searches_title_and_description(staff):
    PpaFactory(title="Madrasah teachers' allowance")
    PpaFactory(title="Solar dryer", description="For seaweed farmers of the madrasah cooperative")
    PpaFactory(title="Road concreting")
    assert titles(ppa_list(user=staff, filters={"q": "MADRASAH"})) == {
        "Madrasah teachers' allowance",
        "Solar dryer",
    }


def test_filter_by_implementing_mao_uid(staff):
    mao = OrganizationFactory()
    PpaFactory(title="Theirs", implementing_mao=mao)
    PpaFactory(title="Someone else's")
    assert titles(ppa_list(user=staff, filters={"implementing_mao": str(mao.uid)})) == {"Theirs"}


def test_region_filter_finds_ppas_by_coverage_at_any_level_or_by_community_served(staff):
    xii, ix = make_place(), make_place("0900000000", "Region IX (Zamboanga Peninsula)")
    PpaFactory(title="Region named", coverage_region=xii.region)
    PpaFactory(title="Province named", coverage_province=xii.province)
    PpaFactory(title="Municipality named", coverage_municipality=xii.municipality)
    PpaFactory(title="Serves a community there", communities=[xii.community(), xii.community()])
    PpaFactory(title="Elsewhere", coverage_region=ix.region, communities=[ix.community()])
    assert titles(ppa_list(user=staff, filters={"region": xii.region.psgc_code})) == {
        "Region named",
        "Province named",
        "Municipality named",
        "Serves a community there",
    }


def test_province_and_municipality_filters(staff):
    place, other = make_place(), make_place()
    PpaFactory(title="Here", coverage_municipality=place.municipality)
    PpaFactory(title="There", coverage_municipality=other.municipality)
    assert titles(ppa_list(user=staff, filters={"province": place.province.psgc_code})) == {"Here"}
    assert titles(ppa_list(user=staff, filters={"municipality": other.municipality.psgc_code})) == {"There"}


def test_community_filter_lists_each_ppa_once(staff):
    place = make_place()
    community = place.community()
    PpaFactory(title="Serves it", communities=[community, place.community()])
    PpaFactory(title="Serves another", communities=[place.community()])
    assert [p.title for p in ppa_list(user=staff, filters={"community": str(community.uid)})] == ["Serves it"]


def test_invalid_filter_values_are_ignored_by_the_selector(staff):
    PpaFactory.create_batch(2)
    assert ppa_list(user=staff, filters={"fiscal_year": "soon", "sector": "astrology"}).count() == 2


def test_filters_never_widen_a_focal_persons_view():
    focal = UserFactory(role=Role.MAO_FOCAL)
    other = PpaFactory(sector=Sector.SOCIAL)
    filters = {"implementing_mao": str(other.implementing_mao.uid)}
    assert not ppa_list(user=focal, filters=filters).exists()
