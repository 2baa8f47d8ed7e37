"""/api/v1/internal/ organizations and focal persons: OOBC manages all of them; a MAO focal
person sees their own organization only, changes its contact details and its focal persons."""

import datetime
import uuid

import pytest
from django.utils import timezone

from common.models import Role
from common.tests.registry_helpers import (
    API,
    NOT_REGISTRY_READERS,
    WHOLE_REGISTRY_WRITERS,
    api_get,
    api_patch,
    api_post,
    assert_list_queries_do_not_grow,
    object_url,
    result_uids,
)
from coordination.models import FocalPerson, FocalRole, Organization, OrganizationKind
from coordination.tests.factories import FocalPersonFactory, OrganizationFactory
from monitoring.models import EntryCategory
from monitoring.tests.factories import PpaFactory
from tests.helpers import assert_error_shape

pytestmark = pytest.mark.django_db

ORGANIZATIONS = f"{API}/organizations/"


def new_focal_person(**changes) -> dict:
    return {
        "full_name": "Amina Usman",
        "position": "Planning Officer III",
        "email": "amina.usman@mao.example.org",
        "phone": "+63 917 000 0000",
        "role": FocalRole.ALTERNATE,
        **changes,
    }


@pytest.fixture
def focal(user_for_role):
    """A MAO focal person; their organization has an active primary focal person."""
    user = user_for_role(Role.MAO_FOCAL)
    FocalPersonFactory(organization=user.organization, user=user)
    return user


@pytest.fixture
def other_mao():
    organization = OrganizationFactory()
    FocalPersonFactory(organization=organization)
    return organization


# --- reading ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OOBC_EXECUTIVE, Role.OOBC_STAFF, Role.OCM_EXECUTIVE])
def test_oobc_and_ocm_see_every_organization(api_client, user_for_role, other_mao, role):
    partner = OrganizationFactory(kind=OrganizationKind.NGO)
    response = api_get(api_client, user_for_role(role), ORGANIZATIONS)
    assert result_uids(response) == {str(other_mao.uid), str(partner.uid)}


def test_a_mao_focal_person_lists_only_their_own_organization(api_client, focal, other_mao):
    response = api_get(api_client, focal, ORGANIZATIONS)
    assert result_uids(response) == {str(focal.organization.uid)}


@pytest.mark.parametrize("role", NOT_REGISTRY_READERS)
def test_roles_without_a_registry_grant_cannot_read_or_write_organizations(
    api_client, user_for_role, other_mao, role
):
    user = user_for_role(role)
    person = other_mao.focal_persons.get()
    for url in (
        ORGANIZATIONS,
        object_url("organizations", other_mao),
        object_url("organizations", other_mao, "focal-persons/"),
        object_url("focal-persons", person),
    ):
        assert_error_shape(api_get(api_client, user, url), 403)
        assert_error_shape(api_patch(api_client, user, url, {"phone": "1"}), 403)
    assert_error_shape(api_post(api_client, user, ORGANIZATIONS, {"name": "New", "kind": "ngo"}), 403)
    other_mao.refresh_from_db()
    person.refresh_from_db()
    assert other_mao.phone == person.phone == "" and Organization.objects.count() == 1


def test_another_maos_organization_and_focal_persons_are_a_404_to_a_focal_person(
    api_client, focal, other_mao
):
    other_person = other_mao.focal_persons.get()
    for url in (
        object_url("organizations", other_mao),
        object_url("organizations", other_mao, "focal-persons/"),
        object_url("focal-persons", other_person),
    ):
        assert_error_shape(api_get(api_client, focal, url), 404)
    assert_error_shape(
        api_patch(api_client, focal, object_url("organizations", other_mao), {"phone": "1"}), 404
    )
    assert_error_shape(
        api_post(
            api_client, focal, object_url("organizations", other_mao, "focal-persons/"), new_focal_person()
        ),
        404,
    )
    assert_error_shape(
        api_patch(api_client, focal, object_url("focal-persons", other_person), {"phone": "1"}), 404
    )
    assert other_mao.focal_persons.count() == 1
    other_mao.refresh_from_db()
    assert other_mao.phone == ""


def test_organization_detail_shows_focal_persons_attached_agencies_and_ppa_totals(api_client, user_for_role):
    ministry = OrganizationFactory(name="Ministry of Social Services and Development", acronym="MSSD")
    agency = OrganizationFactory(parent=ministry, name="Attached Agency", acronym="AA")
    primary = FocalPersonFactory(organization=ministry)
    former = FocalPersonFactory(
        organization=ministry, is_active=False, active_until=datetime.date(2025, 3, 1)
    )
    PpaFactory.create_batch(2, implementing_mao=ministry, budget_allocated=1_500_000)
    PpaFactory(implementing_mao=ministry, category=EntryCategory.OBC_REQUEST, request_status="submitted")

    body = api_get(
        api_client, user_for_role(Role.OCM_EXECUTIVE), object_url("organizations", ministry)
    ).json()
    assert [row["uid"] for row in body["focal_persons"]] == [str(primary.uid), str(former.uid)]
    assert body["focal_persons"][0]["email"] == primary.email
    assert body["attached_agencies"] == [{"uid": str(agency.uid), "name": "Attached Agency", "acronym": "AA"}]
    assert body["ppa_count"] == 2 and body["total_budget"] == "3000000.00"


def test_organizations_filter_and_search(api_client, user_for_role):
    ministry = OrganizationFactory(name="Ministry of Basic, Higher and Technical Education", acronym="MBHTE")
    agency = OrganizationFactory(parent=ministry, name="Technical Education Office", acronym="TEO")
    closed = OrganizationFactory(is_active=False, kind=OrganizationKind.CSO, name="Closed Cooperative")
    user = user_for_role(Role.OOBC_STAFF)
    for params, expected in [
        ({"parent": str(ministry.uid)}, {agency}),
        ({"is_active": "false"}, {closed}),
        ({"kind": "cso"}, {closed}),
        ({"q": "technical education"}, {ministry, agency}),
        ({"search": "MBHTE"}, {ministry}),
    ]:
        assert result_uids(api_get(api_client, user, ORGANIZATIONS, **params)) == {
            str(row.uid) for row in expected
        }, params


def test_organization_list_runs_the_same_queries_whatever_its_length(api_client, user_for_role):
    def organizations_with_people_and_ppas(count):
        for organization in OrganizationFactory.create_batch(count):
            FocalPersonFactory(organization=organization)
            OrganizationFactory(parent=organization)
            PpaFactory(implementing_mao=organization)

    assert_list_queries_do_not_grow(
        api_client, user_for_role(Role.OOBC_STAFF), ORGANIZATIONS, organizations_with_people_and_ppas
    )


def test_focal_person_list_runs_the_same_queries_whatever_its_length(api_client, focal):
    organization = focal.organization
    assert_list_queries_do_not_grow(
        api_client,
        focal,
        object_url("organizations", organization, "focal-persons/"),
        lambda count: FocalPersonFactory.create_batch(
            count, organization=organization, role=FocalRole.ALTERNATE
        ),
    )


def test_focal_persons_filter_by_role_and_activity(api_client, focal):
    organization = focal.organization
    alternate = FocalPersonFactory(organization=organization, role=FocalRole.ALTERNATE)
    former = FocalPersonFactory(organization=organization, role=FocalRole.ALTERNATE, is_active=False)
    url = object_url("organizations", organization, "focal-persons/")
    assert result_uids(api_get(api_client, focal, url, is_active="false")) == {str(former.uid)}
    assert result_uids(api_get(api_client, focal, url, role="alternate", is_active="true")) == {
        str(alternate.uid)
    }


# --- writing organizations ------------------------------------------------------------------


def test_a_mao_focal_person_updates_their_organizations_contact_details(api_client, focal):
    contact = {
        "email": "obc@mao.example.org",
        "phone": "(064) 421 0000",
        "address": "Bangsamoro Government Center, Cotabato City",
        "website": "https://mao.example.org",
    }
    response = api_patch(api_client, focal, object_url("organizations", focal.organization), contact)
    assert response.status_code == 200, response.content
    focal.organization.refresh_from_db()
    assert {field: getattr(focal.organization, field) for field in contact} == contact


@pytest.mark.parametrize("field,value", [("name", "Renamed Ministry"), ("is_active", False), ("kind", "ngo")])
def test_a_mao_focal_person_cannot_change_anything_else_about_their_organization(
    api_client, focal, field, value
):
    response = api_patch(
        api_client, focal, object_url("organizations", focal.organization), {field: value, "phone": "1"}
    )
    assert_error_shape(response, 403)
    before = Organization.objects.get(pk=focal.organization.pk)
    assert getattr(before, field) == getattr(focal.organization, field) and before.phone == ""


@pytest.mark.parametrize("role", WHOLE_REGISTRY_WRITERS)
def test_oobc_adds_and_renames_organizations(api_client, user_for_role, role):
    user = user_for_role(role)
    parent = OrganizationFactory()
    created = api_post(
        api_client,
        user,
        ORGANIZATIONS,
        {"name": "Bangsamoro Youth Commission", "acronym": "BYC", "kind": "mao", "parent": str(parent.uid)},
    )
    assert created.status_code == 201, created.content
    assert created.json()["parent"] == str(parent.uid) and created.json()["focal_persons"] == []
    url = f"{ORGANIZATIONS}{created.json()['uid']}/"
    renamed = api_patch(api_client, user, url, {"name": "Bangsamoro Youth Commission (BYC)"})
    assert renamed.status_code == 200 and Organization.objects.filter(name__endswith="(BYC)").exists()


def test_ocm_and_mao_focal_persons_cannot_add_organizations(api_client, user_for_role):
    for role in (Role.OCM_EXECUTIVE, Role.MAO_FOCAL):
        response = api_post(api_client, user_for_role(role), ORGANIZATIONS, {"name": "New", "kind": "ngo"})
        assert_error_shape(response, 403)
    assert not Organization.objects.filter(name="New").exists()


def test_ocm_cannot_update_an_organization(api_client, user_for_role, other_mao):
    response = api_patch(
        api_client, user_for_role(Role.OCM_EXECUTIVE), object_url("organizations", other_mao), {"phone": "1"}
    )
    assert_error_shape(response, 403)


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"name": "Duplicate", "acronym": "TAKEN", "kind": "mao"}, "acronym"),
        ({"name": "Taken Name", "kind": "mao", "acronym": "NEW"}, "name"),
        ({"name": "Orphan", "kind": "ngo", "parent": str(uuid.uuid4())}, "parent"),
        ({"name": "Unknown kind", "kind": "guild"}, "kind"),
        ({"name": "Bad site", "kind": "ngo", "website": "not a url"}, "website"),
        ({"kind": "ngo"}, "name"),
    ],
)
def test_bad_organization_input_is_a_400_naming_the_field_and_writes_nothing(
    api_client, user_for_role, payload, field
):
    OrganizationFactory(name="Taken Name", acronym="TAKEN")
    response = api_post(api_client, user_for_role(Role.OOBC_STAFF), ORGANIZATIONS, payload)
    assert_error_shape(response, 400, field=field)
    assert Organization.objects.count() == 1


def test_an_organization_cannot_be_attached_to_its_own_attached_agency(api_client, user_for_role):
    ministry = OrganizationFactory()
    agency = OrganizationFactory(parent=ministry)
    response = api_patch(
        api_client,
        user_for_role(Role.OOBC_STAFF),
        object_url("organizations", ministry),
        {"parent": str(agency.uid)},
    )
    assert_error_shape(response, 400, field="parent")
    ministry.refresh_from_db()
    assert ministry.parent is None


# --- focal persons ------------------------------------------------------------------------


def test_a_mao_focal_person_adds_an_alternate_to_their_own_organization(api_client, focal):
    response = api_post(
        api_client,
        focal,
        object_url("organizations", focal.organization, "focal-persons/"),
        new_focal_person(),
    )
    assert response.status_code == 201, response.content
    person = FocalPerson.objects.get(uid=response.json()["uid"])
    assert person.organization == focal.organization and person.active_from == timezone.localdate()
    listed = api_get(api_client, focal, object_url("organizations", focal.organization, "focal-persons/"))
    assert str(person.uid) in result_uids(listed)


@pytest.mark.parametrize("role", [Role.OOBC_STAFF, Role.MAO_FOCAL])
def test_a_second_active_primary_is_a_400_naming_role_and_writes_nothing(
    api_client, focal, user_for_role, role
):
    user = focal if role == Role.MAO_FOCAL else user_for_role(role)
    response = api_post(
        api_client,
        user,
        object_url("organizations", focal.organization, "focal-persons/"),
        new_focal_person(role=FocalRole.PRIMARY),
    )
    body = assert_error_shape(response, 400, field="role")
    assert "already the active primary" in body["extra"]["fields"]["role"][0]
    assert focal.organization.focal_persons.count() == 1


def test_promoting_an_alternate_while_a_primary_is_active_is_refused(api_client, focal):
    alternate = FocalPersonFactory(organization=focal.organization, role=FocalRole.ALTERNATE)
    response = api_patch(api_client, focal, object_url("focal-persons", alternate), {"role": "primary"})
    assert_error_shape(response, 400, field="role")
    alternate.refresh_from_db()
    assert alternate.role == FocalRole.ALTERNATE


def test_deactivating_the_primary_ends_their_term_and_frees_the_role(api_client, focal):
    primary = focal.organization.focal_persons.get()
    response = api_patch(api_client, focal, object_url("focal-persons", primary), {"is_active": False})
    assert response.status_code == 200, response.content
    primary.refresh_from_db()
    assert primary.is_active is False and primary.active_until == timezone.localdate()
    successor = api_post(
        api_client,
        focal,
        object_url("organizations", focal.organization, "focal-persons/"),
        new_focal_person(role=FocalRole.PRIMARY),
    )
    assert successor.status_code == 201, successor.content


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"email": "not-an-email"}, "email"),
        ({"full_name": ""}, "full_name"),
        ({"role": "deputy"}, "role"),
        ({"active_from": "2025-06-01", "active_until": "2025-05-01"}, "active_until"),
    ],
)
def test_bad_focal_person_input_is_a_400_naming_the_field_and_writes_nothing(
    api_client, focal, changes, field
):
    response = api_post(
        api_client,
        focal,
        object_url("organizations", focal.organization, "focal-persons/"),
        new_focal_person(**changes),
    )
    assert_error_shape(response, 400, field=field)
    assert focal.organization.focal_persons.count() == 1


@pytest.mark.parametrize("role", [Role.OCM_EXECUTIVE])
def test_ocm_reads_focal_persons_but_cannot_change_them(api_client, user_for_role, other_mao, role):
    user = user_for_role(role)
    person = other_mao.focal_persons.get()
    assert api_get(api_client, user, object_url("focal-persons", person)).json()["email"] == person.email
    assert_error_shape(api_patch(api_client, user, object_url("focal-persons", person), {"phone": "1"}), 403)
    assert_error_shape(
        api_post(
            api_client, user, object_url("organizations", other_mao, "focal-persons/"), new_focal_person()
        ),
        403,
    )
