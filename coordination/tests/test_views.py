"""The MAO and engagement pages: access per role, a MAO focal person's own organization and
engagements only, filters without JavaScript, htmx partials and flat query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import Role
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
from coordination.models import EngagementStatus, EngagementType, OrganizationKind
from coordination.tests.factories import (
    ActionItemFactory,
    EngagementFactory,
    FocalPersonFactory,
    OrganizationFactory,
    ParticipantFactory,
)
from monitoring.tests.factories import PpaFactory

pytestmark = pytest.mark.django_db

ORGANIZATIONS_URL = reverse("coordination:organization_list")
ENGAGEMENTS_URL = reverse("coordination:engagement_list")


def organization_url(organization) -> str:
    return reverse("coordination:organization_detail", kwargs={"uid": organization.uid})


def engagement_url(engagement) -> str:
    return reverse("coordination:engagement_detail", kwargs={"uid": engagement.uid})


@pytest.fixture
def focal(client):
    return signed_in_focal_person(client)


# --- Access ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_every_registry_role_opens_the_mao_and_engagement_pages(client, role):
    user = signed_in(client, role)
    organization = user.organization or OrganizationFactory()
    engagement = EngagementFactory(organizer=organization)
    for url in (
        ORGANIZATIONS_URL,
        organization_url(organization),
        ENGAGEMENTS_URL,
        engagement_url(engagement),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", OUTSIDERS)
def test_roles_without_the_registry_are_refused(client, role):
    organization, engagement = OrganizationFactory(), EngagementFactory()
    signed_in(client, role)
    for url in (
        ORGANIZATIONS_URL,
        organization_url(organization),
        ENGAGEMENTS_URL,
        engagement_url(engagement),
    ):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client):
    organization, engagement = OrganizationFactory(), EngagementFactory()
    for url in (
        ORGANIZATIONS_URL,
        organization_url(organization),
        ENGAGEMENTS_URL,
        engagement_url(engagement),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


# --- MAOs -----------------------------------------------------------------------------


def test_mao_list_puts_attached_agencies_under_their_parent_with_ppa_totals(client):
    ministry = OrganizationFactory(name="Ministry of Basic, Higher and Technical Education", acronym="MBHTE")
    OrganizationFactory(name="Bangsamoro Madaris Office", acronym="BMO", parent=ministry)
    OrganizationFactory(name="Ministry of Agriculture, Fisheries and Agrarian Reform", acronym="MAFAR")
    OrganizationFactory(name="Cotabato City LGU", acronym="", kind=OrganizationKind.LGU)
    PpaFactory.create_batch(2, implementing_mao=ministry, budget_allocated=2_500_000)
    signed_in(client, Role.OOBC_STAFF)
    body = client.get(ORGANIZATIONS_URL).content.decode()
    order = [
        body.index(name) for name in ("Ministry of Agriculture", "Ministry of Basic", "Bangsamoro Madaris")
    ]
    assert order == sorted(order)
    assert "Attached to MBHTE" in body and "₱5,000,000" in body
    assert "Cotabato City LGU" not in body  # MAOs only


def test_mao_search_narrows_the_table(client):
    OrganizationFactory(name="Ministry of Health", acronym="MOH")
    OrganizationFactory(name="Ministry of Trade", acronym="MTIT")
    signed_in(client, Role.OOBC_STAFF)
    response = client.get(f"{ORGANIZATIONS_URL}?q=health")
    assert "Ministry of Health" in response.content.decode() and rows(response) == 1
    assert_partial_only(client.get(f"{ORGANIZATIONS_URL}?q=health", **HTMX), "Ministry of Health")
    assert_full_page(client.get(f"{ORGANIZATIONS_URL}?q=health"), "Ministry of Health")


def test_mao_list_pages_25_rows_and_its_query_count_stays_flat(client):
    signed_in(client, Role.OOBC_STAFF)
    for _ in range(3):
        PpaFactory(implementing_mao=OrganizationFactory())
    few = query_count(client, ORGANIZATIONS_URL)
    for _ in range(25):
        PpaFactory(implementing_mao=OrganizationFactory(parent=OrganizationFactory()))
    assert query_count(client, ORGANIZATIONS_URL) == few
    assert rows(client.get(ORGANIZATIONS_URL)) == 25


def test_mao_page_shows_mandate_focal_persons_and_ppas_with_totals(client):
    mao = OrganizationFactory(mandate="Delivers social welfare services.")
    FocalPersonFactory(organization=mao, full_name="Amina Mangudadatu", email="amina@mssd.example.org")
    PpaFactory(implementing_mao=mao, title="Social pension", budget_allocated=1_200_000)
    PpaFactory(implementing_mao=mao, title="Cash for work", budget_allocated=800_000)
    signed_in(client, Role.OCM_EXECUTIVE)
    body = client.get(organization_url(mao)).content.decode()
    for text in (
        "Delivers social welfare services.",
        "Amina Mangudadatu",
        "amina@mssd.example.org",
        "Social pension",
        "Cash for work",
        "₱2,000,000.00",
    ):
        assert text in body, text


def test_mao_page_ppas_page_through_htmx(client):
    mao = OrganizationFactory()
    PpaFactory.create_batch(27, implementing_mao=mao)
    signed_in(client, Role.OOBC_STAFF)
    assert rows(client.get(organization_url(mao))) == 25
    second = client.get(f"{organization_url(mao)}?page=2", **HTMX)
    assert_partial_only(second, 'id="results"')
    assert rows(second) == 2


def test_mao_page_query_count_does_not_grow_with_ppas_and_focal_persons(client):
    signed_in(client, Role.OOBC_STAFF)
    mao = OrganizationFactory()
    PpaFactory(implementing_mao=mao)
    FocalPersonFactory(organization=mao)
    few = query_count(client, organization_url(mao))
    PpaFactory.create_batch(6, implementing_mao=mao)
    FocalPersonFactory.create_batch(3, organization=mao, role="alternate")
    OrganizationFactory.create_batch(2, parent=mao)
    assert query_count(client, organization_url(mao)) == few


def test_focal_person_sees_only_their_own_mao(client, focal):
    _, own, other = focal
    body = client.get(ORGANIZATIONS_URL).content.decode()
    assert own.name in body and other.name not in body
    assert client.get(organization_url(own)).status_code == 200
    assert client.get(organization_url(other)).status_code == 404
    assert client.get(organization_url(other), **HTMX).status_code == 404


# --- Engagements ----------------------------------------------------------------------


def test_engagement_filters_narrow_the_table(client):
    EngagementFactory(
        title="Q3 consultation in Pagadian",
        engagement_type=EngagementType.CONSULTATION,
        status=EngagementStatus.COMPLETED,
        fiscal_year=2024,
        quarter=3,
    )
    EngagementFactory(title="Q2 coordination meeting", fiscal_year=2025, quarter=2)
    signed_in(client, Role.OOBC_STAFF)
    for query in (
        "engagement_type=consultation",
        "status=completed",
        "fiscal_year=2024",
        "quarter=3",
        "q=pagadian",
    ):
        response = client.get(f"{ENGAGEMENTS_URL}?{query}")
        body = response.content.decode()
        assert "Pagadian" in body and "Q2 coordination meeting" not in body, query
        assert rows(response) == 1
    assert '<option value="3" selected>' in client.get(f"{ENGAGEMENTS_URL}?quarter=3").content.decode()


def test_engagement_list_htmx_partial_and_full_page(client):
    EngagementFactory(title="Quarterly meeting with MAOs")
    signed_in(client, Role.OOBC_STAFF)
    assert_partial_only(client.get(ENGAGEMENTS_URL, **HTMX), "Quarterly meeting with MAOs")
    assert_full_page(client.get(ENGAGEMENTS_URL), "Quarterly meeting with MAOs")


def test_engagement_list_pages_25_rows_and_its_query_count_stays_flat(client):
    signed_in(client, Role.OOBC_STAFF)
    EngagementFactory.create_batch(2)
    few = query_count(client, ENGAGEMENTS_URL)
    for _ in range(26):
        engagement = EngagementFactory()
        engagement.participating_organizations.add(OrganizationFactory(), OrganizationFactory())
    assert query_count(client, ENGAGEMENTS_URL) == few
    assert rows(client.get(ENGAGEMENTS_URL)) == 25
    assert rows(client.get(f"{ENGAGEMENTS_URL}?page=2")) == 3


def test_engagement_times_are_shown_in_manila(client):
    start = datetime.datetime(2025, 7, 1, 1, 30, tzinfo=datetime.UTC)  # 9:30 in Manila
    EngagementFactory(
        title="Morning meeting", planned_start=start, planned_end=start + datetime.timedelta(hours=2)
    )
    signed_in(client, Role.OOBC_STAFF)
    assert "1 Jul 2025, 9:30 AM" in client.get(ENGAGEMENTS_URL).content.decode()


def test_engagement_page_shows_participants_agenda_minutes_and_action_items(client):
    engagement = EngagementFactory(
        agenda="1. Budget call for FY 2026", minutes="The MAOs agreed.", minutes_status="draft"
    )
    participant = ParticipantFactory(engagement=engagement, rsvp="accepted", attendance="present")
    ActionItemFactory(engagement=engagement, description="Submit PPA list by June")
    signed_in(client, Role.OOBC_STAFF)
    body = client.get(engagement_url(engagement)).content.decode()
    for text in (
        participant.display_name,
        "Attending",
        "Present",
        "Budget call for FY 2026",
        "The MAOs agreed.",
        "Draft",
        "Submit PPA list by June",
    ):
        assert text in body, text


def test_engagement_page_query_count_does_not_grow_with_participants_and_items(client):
    signed_in(client, Role.OOBC_STAFF)
    engagement = EngagementFactory()
    ParticipantFactory(engagement=engagement)
    ActionItemFactory(engagement=engagement)
    few = query_count(client, engagement_url(engagement))
    ParticipantFactory.create_batch(5, engagement=engagement)
    ActionItemFactory.create_batch(5, engagement=engagement)
    engagement.participating_organizations.add(*OrganizationFactory.create_batch(3))
    assert query_count(client, engagement_url(engagement)) == few


def test_focal_person_sees_only_engagements_their_mao_is_part_of(client, focal):
    _, own, other = focal
    organized = EngagementFactory(title="Organized by own MAO", organizer=own)
    invited = EngagementFactory(title="Own MAO invited", organizer=other)
    invited.participating_organizations.add(own)
    foreign = EngagementFactory(title="Other MAO only", organizer=other)
    body = client.get(ENGAGEMENTS_URL).content.decode()
    assert "Organized by own MAO" in body and "Own MAO invited" in body and "Other MAO only" not in body
    assert client.get(engagement_url(organized)).status_code == 200
    assert client.get(engagement_url(invited)).status_code == 200
    assert client.get(engagement_url(foreign)).status_code == 404


def test_focal_person_sees_only_their_own_organizations_participants(client, focal):
    _, own, other = focal
    engagement = EngagementFactory(organizer=own)
    mine = ParticipantFactory(engagement=engagement, focal_person=FocalPersonFactory(organization=own))
    theirs = ParticipantFactory(engagement=engagement, focal_person=FocalPersonFactory(organization=other))
    body = client.get(engagement_url(engagement)).content.decode()
    assert mine.display_name in body and theirs.display_name not in body


def test_unknown_engagement_and_organization_are_404(client):
    signed_in(client, Role.OOBC_STAFF)
    missing = MISSING_UID
    assert client.get(reverse("coordination:engagement_detail", kwargs={"uid": missing})).status_code == 404
    assert client.get(reverse("coordination:organization_detail", kwargs={"uid": missing})).status_code == 404


def test_nav_offers_maos_and_engagements(client):
    signed_in(client, Role.OOBC_STAFF)
    home = client.get(reverse("common:home")).content.decode()
    assert ORGANIZATIONS_URL in home and ENGAGEMENTS_URL in home
    assert timezone.get_current_timezone_name() == "Asia/Manila"
