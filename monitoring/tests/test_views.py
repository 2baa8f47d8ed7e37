"""The PPA register pages: who may open them, what a MAO focal person sees, filters without
JavaScript, htmx partials, forms with field errors, CSRF, and flat query counts."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common.models import Role, Sector
from common.tests.factories import UserFactory
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
    signed_in_focal_person,
)
from coordination.tests.factories import OrganizationFactory
from monitoring.models import Indicator, IndicatorKind, MonitoringEntry, MonitoringUpdate, PpaStatus
from monitoring.tests.factories import PpaFactory, UpdateFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("monitoring:ppa_list")
CREATE_URL = reverse("monitoring:ppa_create")


def detail_url(ppa, page: str = "detail") -> str:
    return reverse(f"monitoring:ppa_{page}", kwargs={"uid": ppa.uid})


def new_ppa_data(mao, **overrides) -> dict:
    data = {
        "category": "mao_ppa",
        "title": "Halal food processing training",
        "description": "Training and starter kits for women's associations.",
        "implementing_mao": str(mao.uid),
        "fiscal_year": "2025",
        "sector": Sector.ECONOMIC,
        "status": PpaStatus.PLANNING,
        "budget_allocated": "1500000",
        "funding_source": "gaab",
        "appropriation_class": "",
    }
    return {**data, **overrides}


def edit_data(ppa, **overrides) -> dict:
    data = {
        "title": ppa.title,
        "description": ppa.description,
        "implementing_mao": str(ppa.implementing_mao.uid),
        "fiscal_year": str(ppa.fiscal_year),
        "sector": ppa.sector,
        "status": ppa.status,
        "budget_allocated": str(ppa.budget_allocated),
        "funding_source": ppa.funding_source,
        "appropriation_class": "",
    }
    return {**data, **overrides}


def progress_data(**overrides) -> dict:
    data = {
        "reported_on": timezone.localdate().isoformat(),
        "progress": "65",
        "status": PpaStatus.ONGOING,
        "budget_utilized": "400000",
        "beneficiaries_reached": "120",
        "accomplishments": "Two batches trained.",
        "challenges": "",
        "next_steps": "Third batch in May.",
    }
    return {**data, **overrides}


@pytest.fixture
def focal(client):
    return signed_in_focal_person(client)


# --- Access ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_every_registry_role_reads_the_register_and_a_ppa(client, role):
    ppa = PpaFactory(title="Madrasah teachers' allowance")
    user = signed_in(client, role)
    if role == Role.MAO_FOCAL:
        ppa.implementing_mao = user.organization
        ppa.save()
    assert "Madrasah teachers" in client.get(LIST_URL).content.decode()
    assert client.get(detail_url(ppa)).status_code == 200


@pytest.mark.parametrize("role", OUTSIDERS)
def test_roles_without_the_registry_are_refused_every_page(client, role):
    ppa = PpaFactory()
    signed_in(client, role)
    for url in (LIST_URL, CREATE_URL, detail_url(ppa), detail_url(ppa, "edit"), detail_url(ppa, "progress")):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client):
    ppa = PpaFactory()
    for url in (LIST_URL, CREATE_URL, detail_url(ppa), detail_url(ppa, "edit"), detail_url(ppa, "progress")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_ocm_executive_reads_without_edit_buttons_and_is_refused_every_change(client):
    ppa = PpaFactory()
    signed_in(client, Role.OCM_EXECUTIVE)
    detail = client.get(detail_url(ppa)).content.decode()
    assert detail_url(ppa, "edit") not in detail and detail_url(ppa, "progress") not in detail
    assert CREATE_URL not in client.get(LIST_URL).content.decode()
    for url in (CREATE_URL, detail_url(ppa, "edit"), detail_url(ppa, "progress")):
        assert client.get(url).status_code == 403
    assert client.post(CREATE_URL, new_ppa_data(ppa.implementing_mao)).status_code == 403
    assert client.post(detail_url(ppa, "edit"), edit_data(ppa, title="Renamed")).status_code == 403
    assert client.post(detail_url(ppa, "progress"), progress_data()).status_code == 403
    assert MonitoringEntry.objects.count() == 1 and not MonitoringUpdate.objects.exists()
    assert MonitoringEntry.objects.get().title == ppa.title


def test_staff_see_the_buttons_to_record_edit_and_report(client):
    ppa = PpaFactory()
    signed_in(client, Role.OOBC_STAFF)
    detail = client.get(detail_url(ppa)).content.decode()
    assert detail_url(ppa, "edit") in detail and detail_url(ppa, "progress") in detail
    assert CREATE_URL in client.get(LIST_URL).content.decode()


# --- MAO focal persons: their own MAO only -----------------------------------------------


def test_focal_person_lists_only_their_own_maos_ppas(client, focal):
    _, own, other = focal
    PpaFactory(implementing_mao=own, title="Own MAO scholarship")
    PpaFactory(implementing_mao=other, title="Other MAO road")
    body = client.get(LIST_URL).content.decode()
    assert "Own MAO scholarship" in body and "Other MAO road" not in body


def test_focal_person_gets_404_for_another_maos_ppa_everywhere(client, focal):
    _, _, other = focal
    ppa = PpaFactory(implementing_mao=other, title="Other MAO road")
    for page in ("detail", "edit", "progress"):
        assert client.get(detail_url(ppa, page)).status_code == 404, page
    assert client.post(detail_url(ppa, "edit"), edit_data(ppa, title="Hijacked")).status_code == 404
    assert client.post(detail_url(ppa, "progress"), progress_data()).status_code == 404
    assert MonitoringEntry.objects.get().title == "Other MAO road"
    assert not MonitoringUpdate.objects.exists()


def test_focal_persons_new_ppa_belongs_to_their_mao_whatever_is_posted(client, focal):
    user, own, other = focal
    form = client.get(CREATE_URL).content.decode()
    assert str(other.uid) not in form  # the MAO field is fixed to their own
    response = client.post(CREATE_URL, new_ppa_data(other))
    ppa = MonitoringEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(ppa)
    assert ppa.implementing_mao == own and ppa.created_by == user


def test_focal_persons_filter_bar_has_no_mao_choice(client, focal):
    assert 'name="implementing_mao"' not in client.get(LIST_URL).content.decode()


# --- htmx and filters -------------------------------------------------------------------


def test_htmx_request_gets_only_the_results_partial(client):
    PpaFactory(title="Sustainable fisheries")
    signed_in(client, Role.OOBC_STAFF)
    assert_partial_only(client.get(LIST_URL, **HTMX), "Sustainable fisheries")
    assert_full_page(client.get(LIST_URL), "Sustainable fisheries")


def test_filter_form_works_without_javascript(client):
    signed_in(client, Role.OOBC_STAFF)
    body = client.get(LIST_URL).content.decode()
    assert f'<form method="get" action="{LIST_URL}"' in body
    assert 'hx-get="' + LIST_URL + '"' in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sector=social", "Madrasah support"),
        ("status=completed", "Madrasah support"),
        ("fiscal_year=2024", "Madrasah support"),
        ("category=oobc_ppa", "Madrasah support"),
        ("q=madrasah", "Madrasah support"),
    ],
)
def test_filters_in_the_query_string_narrow_the_table(client, query, expected):
    PpaFactory(title="Fish landing", sector=Sector.ECONOMIC, fiscal_year=2025)
    PpaFactory(
        title="Madrasah support",
        sector=Sector.SOCIAL,
        status=PpaStatus.COMPLETED,
        progress=100,
        fiscal_year=2024,
        category="oobc_ppa",
    )
    signed_in(client, Role.OOBC_STAFF)
    response = client.get(f"{LIST_URL}?{query}")
    body = response.content.decode()
    assert expected in body and "Fish landing" not in body
    assert rows(response) == 1


def test_mao_and_place_filters_use_uids_and_psgc_codes_and_stay_selected(client):
    region_ix = RegionFactory(psgc_code="0900000000", name="Region IX (Zamboanga Peninsula)", short_name="IX")
    province = ProvinceFactory(region=region_ix, psgc_code="0907200000", name="Zamboanga del Norte")
    wanted = PpaFactory(title="Seaweed farming", coverage_region=region_ix, coverage_province=province)
    PpaFactory(title="Fish landing")
    signed_in(client, Role.OOBC_STAFF)
    mao = f"{LIST_URL}?implementing_mao={wanted.implementing_mao.uid}"
    place = f"{LIST_URL}?region=0900000000&province=0907200000"
    for url in (mao, place):
        body = client.get(url).content.decode()
        assert "Seaweed farming" in body and "Fish landing" not in body
    body = client.get(place).content.decode()
    assert re.search(r'<option value="0907200000" selected>', body)


def test_register_pages_25_rows_and_keeps_filters_in_the_page_links(client):
    PpaFactory.create_batch(30, sector=Sector.SOCIAL)
    PpaFactory(sector=Sector.ECONOMIC)
    signed_in(client, Role.OOBC_STAFF)
    first = client.get(f"{LIST_URL}?sector=social")
    assert rows(first) == 25
    assert "?sector=social&amp;page=2" in first.content.decode()
    second = client.get(f"{LIST_URL}?sector=social&page=2", **HTMX)
    assert rows(second) == 5


def test_a_register_beyond_the_count_limit_says_more_than_instead_of_counting(client, monkeypatch):
    """At a million PPAs the register never counts them all: past the limit (10,000; 26
    here) the caption and the pager say "more than", and the pages stop at the limit."""
    from common.htmx import CappedPaginator

    PpaFactory.create_batch(27, sector=Sector.SOCIAL)
    signed_in(client, Role.OOBC_STAFF)
    monkeypatch.setattr(CappedPaginator, "count_limit", 26)
    body = client.get(LIST_URL).content.decode()
    assert "More than 26 PPAs" in body
    assert "27 PPAs" not in body
    assert "Page 1 of the first 2 (more than 26 in total; narrow the filters to see the rest)" in body
    assert rows(client.get(f"{LIST_URL}?page=2", **HTMX)) == 1  # the pages stop at the limit
    # Within the limit the figure is exact, as before.
    monkeypatch.setattr(CappedPaginator, "count_limit", 27)
    body = client.get(LIST_URL).content.decode()
    assert "27 PPAs" in body
    assert "Page 1 of 2 (27 in total)" in body


def test_table_shows_pesos_progress_and_the_synthetic_badge(client):
    community = CommunityFactory()
    PpaFactory(
        budget_allocated=12_500_000,
        budget_utilized=3_750_000,
        progress=30,
        source="synthetic",
        communities=[community],
    )
    signed_in(client, Role.OOBC_STAFF)
    body = client.get(LIST_URL).content.decode()
    assert "₱12,500,000" in body and "₱3,750,000" in body  # whole pesos in the table
    assert '<progress class="w-16 align-middle accent-brand-700" max="100" value="30">' in body
    assert "Synthetic" in body
    assert 'style="' not in body


def test_list_query_count_does_not_grow_with_rows(client):
    signed_in(client, Role.OOBC_STAFF)
    PpaFactory.create_batch(2, communities=CommunityFactory.create_batch(2))
    few = query_count(client, LIST_URL)
    for _ in range(10):
        PpaFactory(communities=CommunityFactory.create_batch(2))
    assert query_count(client, LIST_URL) == few
    assert query_count(client, LIST_URL, **HTMX) <= few


# --- Detail -----------------------------------------------------------------------------


def test_detail_shows_indicators_communities_needs_updates_and_coverage(client):
    region = RegionFactory()
    municipality = MunicipalityFactory(name="Datu Piang Town")
    community = CommunityFactory(name="Sitio Kalamansig Bangsamoro", barangay__municipality=municipality)
    need = NeedFactory(community=community, title="Solar dryer for fish")
    ppa = PpaFactory(
        communities=[community],
        coverage_region=region,
        coverage_municipality=municipality,
        source="synthetic",
    )
    ppa.needs_addressed.add(need)
    Indicator.objects.create(
        entry=ppa, kind=IndicatorKind.OUTPUT, description="Dryers built", target_text="12"
    )
    UpdateFactory(entry=ppa, accomplishments="Foundations poured.")
    signed_in(client, Role.OOBC_STAFF)
    body = client.get(detail_url(ppa)).content.decode()
    for text in (
        "Dryers built",
        "Sitio Kalamansig Bangsamoro",
        "Solar dryer for fish",
        "Foundations poured.",
        "Datu Piang Town",
        region.name,
        "generated for the demo",
    ):
        assert text in body, text
    assert reverse("communities:community_detail", kwargs={"uid": community.uid}) in body


def test_detail_query_count_does_not_grow_with_related_rows(client):
    signed_in(client, Role.OOBC_STAFF)
    ppa = PpaFactory(communities=[CommunityFactory()])
    UpdateFactory(entry=ppa)
    few = query_count(client, detail_url(ppa))
    ppa.communities.add(*CommunityFactory.create_batch(5))
    ppa.needs_addressed.add(*NeedFactory.create_batch(3))
    UpdateFactory.create_batch(4, entry=ppa)
    for number in range(3):
        Indicator.objects.create(entry=ppa, kind=IndicatorKind.OUTCOME, description=f"Outcome {number}")
    assert query_count(client, detail_url(ppa)) <= few + 2  # + indicators and needs, once each


def test_unknown_ppa_is_404(client):
    signed_in(client, Role.OOBC_STAFF)
    assert client.get(reverse("monitoring:ppa_detail", kwargs={"uid": MISSING_UID})).status_code == 404


# --- Create and edit --------------------------------------------------------------------


def test_staff_record_a_ppa_and_land_on_its_page(client):
    user = signed_in(client, Role.OOBC_STAFF)
    mao = OrganizationFactory()
    response = client.post(CREATE_URL, new_ppa_data(mao))
    ppa = MonitoringEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(ppa)
    assert ppa.title == "Halal food processing training" and ppa.implementing_mao == mao
    assert ppa.created_by == user and ppa.budget_allocated == 1_500_000
    assert "was saved" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"fiscal_year": "1999"}, "fiscal_year", ""),
        ({"budget_allocated": "-5"}, "budget_allocated", ""),
        ({"implementing_mao": ""}, "implementing_mao", "needs its implementing MAO"),
        ({"start_date": "2025-06-01", "end_date": "2025-01-01"}, "end_date", "before the start date"),
    ],
)
def test_bad_input_comes_back_with_the_field_error_and_writes_nothing(client, overrides, field, message):
    signed_in(client, Role.OOBC_STAFF)
    response = client.post(CREATE_URL, new_ppa_data(OrganizationFactory(), **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not MonitoringEntry.objects.exists()


def test_coverage_outside_its_province_is_refused_on_the_municipality(client):
    signed_in(client, Role.OOBC_STAFF)
    municipality = MunicipalityFactory()
    other_province = ProvinceFactory()
    response = client.post(
        CREATE_URL,
        new_ppa_data(
            OrganizationFactory(),
            coverage_province=other_province.psgc_code,
            coverage_municipality=municipality.psgc_code,
        ),
    )
    assert response.status_code == 200
    assert "coverage_municipality" in response.context["form"].errors
    assert not MonitoringEntry.objects.exists()


def test_communities_on_offer_are_those_of_the_coverage_area(client):
    signed_in(client, Role.OOBC_STAFF)
    inside = CommunityFactory(name="Inside community")
    CommunityFactory(name="Elsewhere community")
    response = client.post(
        CREATE_URL,
        new_ppa_data(OrganizationFactory(), coverage_municipality=inside.municipality.psgc_code, refresh="1"),
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Inside community" in body and "Elsewhere community" not in body
    assert not response.context["form"].errors
    assert not MonitoringEntry.objects.exists()


def test_a_new_ppa_records_the_communities_and_needs_it_serves(client):
    signed_in(client, Role.OOBC_STAFF)
    community = CommunityFactory()
    need = NeedFactory(community=community)
    data = new_ppa_data(
        OrganizationFactory(),
        coverage_municipality=community.municipality.psgc_code,
        communities=[str(community.uid)],
        needs_addressed=[str(need.uid)],
    )
    assert client.post(CREATE_URL, data).status_code == 302
    ppa = MonitoringEntry.objects.get()
    assert list(ppa.communities.all()) == [community] and list(ppa.needs_addressed.all()) == [need]
    assert ppa.coverage_province == community.province and ppa.coverage_region == community.region


def test_editing_changes_the_ppa_and_redirects(client):
    ppa = PpaFactory(title="Old title", communities=[CommunityFactory()])
    signed_in(client, Role.OOBC_STAFF)
    assert f'value="{ppa.title}"' in client.get(detail_url(ppa, "edit")).content.decode()
    data = edit_data(ppa, title="Better title", communities=[str(c.uid) for c in ppa.communities.all()])
    response = client.post(detail_url(ppa, "edit"), data)
    assert response.status_code == 302 and response["Location"] == detail_url(ppa)
    ppa.refresh_from_db()
    assert ppa.title == "Better title" and ppa.communities.count() == 1


def test_editing_with_bad_input_changes_nothing(client):
    ppa = PpaFactory(title="Old title")
    signed_in(client, Role.OOBC_STAFF)
    response = client.post(detail_url(ppa, "edit"), edit_data(ppa, title="", budget_allocated="abc"))
    assert response.status_code == 200
    assert {"title", "budget_allocated"} <= set(response.context["form"].errors)
    ppa.refresh_from_db()
    assert ppa.title == "Old title"


def test_focal_person_edits_their_own_maos_ppa(client, focal):
    _, own, _ = focal
    ppa = PpaFactory(implementing_mao=own)
    response = client.post(detail_url(ppa, "edit"), edit_data(ppa, title="Renamed by the MAO"))
    assert response.status_code == 302
    ppa.refresh_from_db()
    assert ppa.title == "Renamed by the MAO" and ppa.implementing_mao == own


# --- Progress reports -------------------------------------------------------------------


def test_progress_report_is_recorded_and_moves_the_ppa_forward(client):
    ppa = PpaFactory(progress=40, budget_allocated=1_000_000, budget_utilized=250_000)
    user = signed_in(client, Role.OOBC_STAFF)
    form = client.get(detail_url(ppa, "progress")).content.decode()
    assert 'value="40"' in form  # starts from the PPA's progress
    response = client.post(detail_url(ppa, "progress"), progress_data())
    assert response.status_code == 302 and response["Location"] == detail_url(ppa)
    report = MonitoringUpdate.objects.get()
    assert report.reported_by == user and report.progress == 65
    ppa.refresh_from_db()
    assert ppa.progress == 65 and ppa.budget_utilized == 400_000
    assert ppa.last_reported_on == timezone.localdate()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"progress": "150"}, "progress"),
        ({"reported_on": ""}, "reported_on"),
        ({"reported_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()}, "reported_on"),
        ({"budget_utilized": "9000000"}, "budget_utilized"),
    ],
)
def test_bad_progress_report_comes_back_with_the_field_error(client, overrides, field):
    ppa = PpaFactory(progress=40, budget_allocated=1_000_000)
    signed_in(client, Role.OOBC_STAFF)
    response = client.post(detail_url(ppa, "progress"), progress_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not MonitoringUpdate.objects.exists()
    ppa.refresh_from_db()
    assert ppa.progress == 40


def test_opening_the_forms_writes_nothing(client):
    ppa = PpaFactory()
    signed_in(client, Role.OOBC_STAFF)
    for url in (CREATE_URL, detail_url(ppa, "edit"), detail_url(ppa, "progress")):
        assert client.get(url).status_code == 200
    assert MonitoringEntry.objects.count() == 1 and not MonitoringUpdate.objects.exists()


# --- CSRF -------------------------------------------------------------------------------


def test_every_form_refuses_a_post_without_the_csrf_token():
    ppa = PpaFactory(title="Untouched")
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(role=Role.OOBC_EXECUTIVE))
    assert client.post(CREATE_URL, new_ppa_data(ppa.implementing_mao)).status_code == 403
    assert client.post(detail_url(ppa, "edit"), edit_data(ppa, title="Changed")).status_code == 403
    assert client.post(detail_url(ppa, "progress"), progress_data()).status_code == 403
    assert MonitoringEntry.objects.get().title == "Untouched" and not MonitoringUpdate.objects.exists()


def test_forms_carry_the_csrf_token(client):
    ppa = PpaFactory()
    signed_in(client, Role.OOBC_STAFF)
    for url in (CREATE_URL, detail_url(ppa, "edit"), detail_url(ppa, "progress")):
        assert 'name="csrfmiddlewaretoken"' in client.get(url).content.decode()


# --- Navigation -------------------------------------------------------------------------


def test_home_page_offers_the_register_to_registry_roles_only(client):
    signed_in(client, Role.OCM_EXECUTIVE)
    assert LIST_URL in client.get(reverse("common:home")).content.decode()
    signed_in(client, Role.COMMUNITY_LEADER)
    assert LIST_URL not in client.get(reverse("common:home")).content.decode()
