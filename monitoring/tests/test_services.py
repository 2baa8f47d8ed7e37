"""Writes of the PPA register: who may write what, the rules on each field, and progress
reports moving their PPA forward."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from common.errors import ApplicationError
from common.models import Role, Sector
from common.tests.factories import UserFactory
from common.tests.geo_factories import NeedFactory
from coordination.models import OrganizationKind
from coordination.tests.factories import OrganizationFactory
from monitoring.models import (
    EntryCategory,
    EntryKind,
    MonitoringEntry,
    MonitoringUpdate,
    PpaStatus,
    RequestStatus,
)
from monitoring.services.ppas import ppa_create, ppa_progress_report, ppa_update
from monitoring.tests.factories import PpaFactory, UpdateFactory
from monitoring.tests.factories_ppa import make_place

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def staff():
    return UserFactory(role=Role.OOBC_STAFF)


@pytest.fixture
def focal():
    return UserFactory(role=Role.MAO_FOCAL)


@pytest.fixture
def mao():
    return OrganizationFactory()


def fields(**overrides) -> dict:
    return {
        "title": "Halal food processing training",
        "fiscal_year": 2025,
        "sector": Sector.ECONOMIC,
    } | overrides


def refused(field: str, call, *args, **kwargs) -> ApplicationError:
    """Assert `call` fails validation on `field` and writes nothing."""
    before = (MonitoringEntry.objects.count(), MonitoringUpdate.objects.count())
    with pytest.raises(ApplicationError) as caught:
        call(*args, **kwargs)
    assert field in caught.value.fields, caught.value.fields
    assert (MonitoringEntry.objects.count(), MonitoringUpdate.objects.count()) == before
    return caught.value


# --- ppa_create -------------------------------------------------------------------------


def test_staff_records_a_mao_ppa_with_the_communities_it_serves(staff, mao):
    place = make_place()
    served = [place.community(), place.community()]
    ppa = ppa_create(acting_user=staff, implementing_mao=mao, communities=[c.uid for c in served], **fields())
    ppa.refresh_from_db()
    assert ppa.category == EntryCategory.MAO_PPA
    assert ppa.implementing_mao == mao and ppa.created_by == staff
    assert set(ppa.communities.all()) == set(served)


def test_communities_and_needs_may_be_given_as_rows(staff, mao):
    place = make_place()
    community = place.community()
    need = NeedFactory(community=community)
    ppa = ppa_create(
        acting_user=staff, implementing_mao=mao, communities=[community], needs_addressed=[need], **fields()
    )
    assert list(ppa.communities.all()) == [community] and list(ppa.needs_addressed.all()) == [need]


def test_coverage_named_by_municipality_fills_in_province_and_region(staff, mao):
    place = make_place()
    ppa = ppa_create(
        acting_user=staff, implementing_mao=mao, coverage_municipality=place.municipality, **fields()
    )
    assert (ppa.coverage_region, ppa.coverage_province) == (place.region, place.province)


def test_coverage_in_two_different_places_is_refused(staff, mao):
    here, elsewhere = make_place(), make_place("0900000000", "Region IX (Zamboanga Peninsula)")
    refused(
        "coverage_province",
        ppa_create,
        acting_user=staff,
        implementing_mao=mao,
        coverage_region=here.region,
        coverage_province=elsewhere.province,
        **fields(),
    )


def test_unknown_community_is_refused_and_nothing_is_written(staff, mao):
    ghost = uuid.uuid4()
    error = refused(
        "communities", ppa_create, acting_user=staff, implementing_mao=mao, communities=[ghost], **fields()
    )
    assert str(ghost) in error.fields["communities"][0]


def test_unknown_need_is_refused(staff, mao):
    refused(
        "needs_addressed",
        ppa_create,
        acting_user=staff,
        implementing_mao=mao,
        needs_addressed=[uuid.uuid4()],
        **fields(),
    )


def test_mao_ppa_needs_its_implementing_mao(staff):
    refused("implementing_mao", ppa_create, acting_user=staff, **fields())


def test_implementing_mao_must_be_a_mao(staff):
    lgu = OrganizationFactory(kind=OrganizationKind.LGU)
    refused("implementing_mao", ppa_create, acting_user=staff, implementing_mao=lgu, **fields())


def test_oobc_ppa_needs_no_implementing_mao(staff):
    ppa = ppa_create(acting_user=staff, category=EntryCategory.OOBC_PPA, **fields())
    assert ppa.implementing_mao is None


def test_obc_request_needs_a_request_status(staff):
    refused("request_status", ppa_create, acting_user=staff, category=EntryCategory.OBC_REQUEST, **fields())
    request = ppa_create(
        acting_user=staff,
        category=EntryCategory.OBC_REQUEST,
        request_status=RequestStatus.SUBMITTED,
        **fields(),
    )
    assert request.request_status == RequestStatus.SUBMITTED


def test_only_obc_requests_have_a_request_status(staff, mao):
    refused(
        "request_status",
        ppa_create,
        acting_user=staff,
        implementing_mao=mao,
        request_status=RequestStatus.SUBMITTED,
        **fields(),
    )


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"title": ""}, "title"),
        ({"progress": 150}, "progress"),
        ({"fiscal_year": 1999}, "fiscal_year"),
        ({"sector": "astrology"}, "sector"),
        ({"budget_allocated": Decimal("-1")}, "budget_allocated"),
        ({"start_date": datetime.date(2025, 6, 1), "end_date": datetime.date(2025, 1, 1)}, "end_date"),
        ({"budget_allocated": 100, "budget_utilized": 101}, "budget_utilized"),
        (
            {"budget_allocated": 100, "budget_utilized": 101, "over_utilization_approved": True},
            "over_utilization_note",
        ),
    ],
)
def test_bad_values_are_refused_on_their_field(staff, mao, overrides, field):
    refused(field, ppa_create, acting_user=staff, implementing_mao=mao, **fields(**overrides))


def test_approved_over_utilisation_with_a_note_is_accepted(staff, mao):
    ppa = ppa_create(
        acting_user=staff,
        implementing_mao=mao,
        **fields(
            budget_allocated=100,
            budget_utilized=130,
            over_utilization_approved=True,
            over_utilization_note="Price increase after the typhoon.",
        ),
    )
    assert ppa.budget_utilized == 130


def test_focal_persons_ppa_belongs_to_their_mao_by_default(focal):
    ppa = ppa_create(acting_user=focal, **fields())
    assert ppa.implementing_mao == focal.organization


def test_focal_person_cannot_record_a_ppa_for_another_mao(focal, mao):
    refused("implementing_mao", ppa_create, acting_user=focal, implementing_mao=mao, **fields())


def test_focal_person_records_mao_ppas_only(focal):
    refused("category", ppa_create, acting_user=focal, category=EntryCategory.OOBC_PPA, **fields())


def test_focal_person_cannot_approve_over_utilisation(focal):
    refused(
        "over_utilization_approved",
        ppa_create,
        acting_user=focal,
        **fields(
            budget_allocated=100,
            budget_utilized=130,
            over_utilization_approved=True,
            over_utilization_note="x",
        ),
    )


@pytest.mark.parametrize("role", [Role.OCM_EXECUTIVE, Role.COMMUNITY_LEADER, Role.EXTERNAL_PARTNER])
def test_roles_without_the_change_grant_cannot_record_ppas(role, mao):
    with pytest.raises(PermissionDenied):
        ppa_create(acting_user=UserFactory(role=role), implementing_mao=mao, **fields())
    assert not MonitoringEntry.objects.exists()


def test_unknown_fields_are_a_programming_error(staff, mao):
    with pytest.raises(TypeError, match="uid"):
        ppa_create(acting_user=staff, implementing_mao=mao, uid=uuid.uuid4(), **fields())


# --- ppa_update -------------------------------------------------------------------------


def test_staff_changes_fields_and_replaces_communities(staff):
    place = make_place()
    ppa = PpaFactory(communities=[place.community()])
    new = place.community()
    ppa_update(ppa=ppa, acting_user=staff, title="Renamed", communities=[new.uid])
    ppa.refresh_from_db()
    assert ppa.title == "Renamed" and list(ppa.communities.all()) == [new]


def test_communities_stay_when_not_given(staff):
    community = make_place().community()
    ppa = PpaFactory(communities=[community])
    ppa_update(ppa=ppa, acting_user=staff, progress=60)
    assert list(ppa.communities.all()) == [community]


def test_changing_the_municipality_moves_province_and_region_with_it(staff):
    first, second = make_place(), make_place("0900000000", "Region IX (Zamboanga Peninsula)")
    ppa = PpaFactory(
        coverage_region=first.region,
        coverage_province=first.province,
        coverage_municipality=first.municipality,
    )
    ppa_update(ppa=ppa, acting_user=staff, coverage_municipality=second.municipality)
    ppa.refresh_from_db()
    assert (ppa.coverage_region, ppa.coverage_province) == (second.region, second.province)


def test_update_that_breaks_a_rule_writes_nothing(staff):
    ppa = PpaFactory(budget_allocated=1000, budget_utilized=0)
    refused("budget_utilized", ppa_update, ppa=ppa, acting_user=staff, budget_utilized=5000)
    ppa.refresh_from_db()
    assert ppa.budget_utilized == 0


def test_focal_person_updates_their_own_mao_ppa(focal):
    ppa = PpaFactory(implementing_mao=focal.organization)
    ppa_update(ppa=ppa, acting_user=focal, status=PpaStatus.ON_HOLD)
    ppa.refresh_from_db()
    assert ppa.status == PpaStatus.ON_HOLD


def test_focal_person_cannot_update_another_mao_ppa(focal):
    ppa = PpaFactory()
    with pytest.raises(PermissionDenied):
        ppa_update(ppa=ppa, acting_user=focal, title="Taken over")
    ppa.refresh_from_db()
    assert ppa.title != "Taken over"


def test_focal_person_cannot_hand_their_ppa_to_another_mao(focal, mao):
    ppa = PpaFactory(implementing_mao=focal.organization)
    refused("implementing_mao", ppa_update, ppa=ppa, acting_user=focal, implementing_mao=mao)


def test_ocm_executive_cannot_update(mao):
    with pytest.raises(PermissionDenied):
        ppa_update(ppa=PpaFactory(), acting_user=UserFactory(role=Role.OCM_EXECUTIVE), title="x")


# --- ppa_progress_report ----------------------------------------------------------------


def report(ppa, user, **overrides):
    values = {"reported_on": TODAY, "progress": 70, "status": PpaStatus.ONGOING} | overrides
    return ppa_progress_report(ppa=ppa, acting_user=user, **values)


def test_progress_report_moves_the_ppa_forward(staff):
    ppa = PpaFactory(progress=40, budget_allocated=1000, budget_utilized=100)
    update = report(ppa, staff, progress=100, status=PpaStatus.COMPLETED, budget_utilized=Decimal("950"))
    ppa.refresh_from_db()
    assert (ppa.progress, ppa.status, ppa.budget_utilized, ppa.last_reported_on) == (
        100,
        PpaStatus.COMPLETED,
        Decimal("950.00"),
        TODAY,
    )
    assert update.reported_by == staff and update.entry == ppa


def test_report_without_a_budget_keeps_the_utilised_budget(staff):
    ppa = PpaFactory(budget_utilized=250_000)
    report(ppa, staff)
    ppa.refresh_from_db()
    assert ppa.budget_utilized == 250_000 and ppa.progress == 70


def test_an_older_report_is_history_and_does_not_move_the_ppa(staff):
    ppa = PpaFactory(progress=80, last_reported_on=TODAY)
    report(ppa, staff, reported_on=TODAY - datetime.timedelta(days=30), progress=20)
    ppa.refresh_from_db()
    assert (ppa.progress, ppa.last_reported_on) == (80, TODAY)
    assert ppa.updates.count() == 1


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"progress": 150}, "progress"),
        ({"progress": -1}, "progress"),
        # Two days ahead: still the future if the run crosses midnight in Manila.
        ({"reported_on": TODAY + datetime.timedelta(days=2)}, "reported_on"),
        ({"status": "vanished"}, "status"),
        ({"budget_utilized": Decimal("1000000.01")}, "budget_utilized"),
        ({"budget_utilized": Decimal("-5")}, "budget_utilized"),
    ],
)
def test_bad_progress_reports_are_refused_and_the_ppa_is_unchanged(staff, overrides, field):
    ppa = PpaFactory(progress=40, budget_allocated=1_000_000)
    refused(field, report, ppa, staff, **overrides)
    ppa.refresh_from_db()
    assert ppa.progress == 40 and ppa.last_reported_on is None


def test_approved_over_utilisation_may_be_reported(staff):
    ppa = PpaFactory(budget_allocated=100, budget_utilized=0, over_utilization_approved=True)
    report(ppa, staff, budget_utilized=Decimal("140"))
    ppa.refresh_from_db()
    assert ppa.budget_utilized == 140


def test_focal_person_reports_on_own_mao_ppa_only(focal):
    own = PpaFactory(implementing_mao=focal.organization)
    report(own, focal)
    with pytest.raises(PermissionDenied):
        report(PpaFactory(), focal)
    assert MonitoringUpdate.objects.count() == 1


def test_ocm_executive_cannot_report_progress():
    with pytest.raises(PermissionDenied):
        report(PpaFactory(), UserFactory(role=Role.OCM_EXECUTIVE))


def test_reports_accumulate_as_history(staff):
    ppa = PpaFactory()
    UpdateFactory(entry=ppa, reported_on=TODAY - datetime.timedelta(days=40))
    report(ppa, staff)
    assert ppa.updates.count() == 2


# --- special provisions -----------------------------------------------------------------


def special_provision(**fields):
    return PpaFactory(
        kind=EntryKind.SPECIAL_PROVISION,
        title="Special provision: Quick Response Fund",
        budget_allocated=0,
        budget_utilized=0,
        earmarked_amount=Decimal("200000000.00"),
        **fields,
    )


@pytest.mark.parametrize("field", ["budget_allocated", "budget_utilized"])
def test_a_special_provision_gets_no_budget_of_its_own(staff, field):
    provision = special_provision()
    error = refused(field, ppa_update, ppa=provision, acting_user=staff, **{field: Decimal("1000.00")})
    assert "special provision" in " ".join(error.fields[field])
    provision.refresh_from_db()
    assert (provision.budget_allocated, provision.budget_utilized) == (0, 0)


def test_spending_is_reported_on_the_programme_not_on_its_special_provision(staff):
    provision = special_provision()
    refused("budget_utilized", report, provision, staff, budget_utilized=Decimal("5000.00"))
    report(provision, staff, progress=30)  # progress without spending is fine
    provision.refresh_from_db()
    assert (provision.progress, provision.budget_utilized) == (30, 0)
