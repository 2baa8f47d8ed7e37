"""Overlap detection finds exactly the planted overlaps, explains them, and keeps reviews."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from common.errors import ApplicationError
from common.models import Role, Sector
from common.tests.factories import UserFactory
from common.tests.geo_factories import CommunityFactory, MunicipalityFactory
from coordination.tests.factories import OrganizationFactory
from monitoring.models import EntryCategory, PpaStatus, RequestStatus
from ocm_dashboard.models import BeneficiaryOverlap, OverlapLevel, OverlapSeverity, OverlapStatus
from ocm_dashboard.selectors.overlaps import overlap_reason
from ocm_dashboard.services.overlaps import overlap_review, overlaps_detect
from ocm_dashboard.tests.factories_dashboard import YEAR, ppa
from tests.helpers import run_at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def maos():
    return [OrganizationFactory(acronym=f"M{index}", name=f"Ministry {index}") for index in range(4)]


@pytest.fixture
def planted(maos):
    """Three planted overlaps and six near misses that must not be flagged."""
    a, b, c, d = maos
    here, there, elsewhere = CommunityFactory.create_batch(3)
    town = MunicipalityFactory()
    cases = {
        # Planted.
        (here.id, Sector.ECONOMIC): [
            ppa(a, communities=[here, there], budget_allocated=Decimal("400000")),
            ppa(b, communities=[here], budget_allocated=Decimal("300000")),
        ],
        (there.id, Sector.SOCIAL): [
            ppa(a, communities=[there], sector=Sector.SOCIAL),
            ppa(b, communities=[there], sector=Sector.SOCIAL),
            ppa(c, communities=[there, elsewhere], sector=Sector.SOCIAL),
        ],
        ("town", Sector.INFRASTRUCTURE): [
            ppa(c, coverage_municipality=town, sector=Sector.INFRASTRUCTURE),
            ppa(d, coverage_municipality=town, sector=Sector.INFRASTRUCTURE),
        ],
    }
    # Near misses: same MAO twice; another sector; another year; cancelled; an OBC request;
    # a PPA without a MAO.
    ppa(d, communities=[elsewhere], sector=Sector.GOVERNANCE)
    ppa(d, communities=[elsewhere], sector=Sector.GOVERNANCE)
    ppa(a, communities=[elsewhere], sector=Sector.ENVIRONMENT)
    ppa(b, communities=[here], sector=Sector.ENVIRONMENT, fiscal_year=YEAR - 1)
    ppa(c, communities=[here], status=PpaStatus.CANCELLED)
    ppa(
        None,
        communities=[here],
        category=EntryCategory.OBC_REQUEST,
        request_status=RequestStatus.SUBMITTED,
        status=PpaStatus.PLANNING,
    )
    ppa(None, communities=[here], category=EntryCategory.OOBC_PPA)
    return {"cases": cases, "here": here, "there": there, "town": town, "maos": maos}


def keys() -> set:
    return {
        (overlap.community_id if overlap.community_id else "town", overlap.sector)
        for overlap in BeneficiaryOverlap.objects.all()
    }


def test_detection_finds_exactly_the_planted_overlaps(planted):
    result = overlaps_detect(fiscal_year=YEAR)
    assert keys() == set(planted["cases"])
    assert (result.holding, result.new, result.resolved) == (3, 3, 0)


def test_each_overlap_carries_its_evidence(planted):
    overlaps_detect(fiscal_year=YEAR)
    overlap = BeneficiaryOverlap.objects.get(community=planted["there"], sector=Sector.SOCIAL)
    ppas = planted["cases"][(planted["there"].id, Sector.SOCIAL)]
    assert (overlap.mao_count, overlap.ppa_count) == (3, 3)
    assert overlap.combined_budget == sum(p.budget_allocated for p in ppas)
    assert overlap.combined_beneficiaries == sum(p.beneficiaries_individuals for p in ppas)
    assert {item["title"] for item in overlap.ppas} == {p.title for p in ppas}
    assert {item["mao"] for item in overlap.ppas} == {"M0", "M1", "M2"}
    assert overlap.community_population == planted["there"].estimated_obc_population
    assert overlap.region_id == planted["there"].region_id
    reason = overlap_reason(overlap)
    assert "3 MAOs (M0, M1, M2)" in reason and planted["there"].name in reason and "social" in reason


def test_ppas_naming_no_community_overlap_by_municipality(planted):
    overlaps_detect(fiscal_year=YEAR)
    overlap = BeneficiaryOverlap.objects.get(level=OverlapLevel.MUNICIPALITY)
    assert overlap.community is None and overlap.municipality == planted["town"]
    assert "name no community" in overlap_reason(overlap)


def test_severity_follows_the_documented_rule(planted):
    overlaps_detect(fiscal_year=YEAR)
    by_key = {(o.community_id or "town", o.sector): o.severity for o in BeneficiaryOverlap.objects.all()}
    # PHP 700,000 between two MAOs, 200 beneficiaries in a community of 800: low.
    assert by_key[(planted["here"].id, Sector.ECONOMIC)] == OverlapSeverity.LOW
    # Three MAOs: high.
    assert by_key[(planted["there"].id, Sector.SOCIAL)] == OverlapSeverity.HIGH
    # PHP 2 million: medium.
    assert by_key[("town", Sector.INFRASTRUCTURE)] == OverlapSeverity.MEDIUM


def test_more_beneficiaries_than_people_is_high_severity(maos):
    place = CommunityFactory(estimated_obc_population=300, households=50)
    ppa(
        maos[0],
        communities=[place],
        beneficiaries_individuals=200,
        budget_allocated=Decimal(1000),
        budget_utilized=0,
    )
    ppa(
        maos[1],
        communities=[place],
        beneficiaries_individuals=200,
        budget_allocated=Decimal(1000),
        budget_utilized=0,
    )
    overlaps_detect(fiscal_year=YEAR)
    overlap = BeneficiaryOverlap.objects.get()
    assert overlap.severity == OverlapSeverity.HIGH
    assert "more than the community's estimated OBC population of 300" in overlap_reason(overlap)


def test_running_detection_twice_changes_nothing(planted):
    overlaps_detect(fiscal_year=YEAR)
    before = list(BeneficiaryOverlap.objects.order_by("id").values())
    again = overlaps_detect(fiscal_year=YEAR)
    assert list(BeneficiaryOverlap.objects.order_by("id").values()) == before
    assert (again.new, again.changed, again.resolved, again.holding) == (0, 0, 0, 3)


def test_review_decisions_survive_re_detection_even_when_the_evidence_changes(planted):
    overlaps_detect(fiscal_year=YEAR)
    reviewer = UserFactory(role=Role.OOBC_EXECUTIVE)
    overlap = BeneficiaryOverlap.objects.get(community=planted["here"], sector=Sector.ECONOMIC)
    overlap_review(
        overlap=overlap, acting_user=reviewer, status=OverlapStatus.FALSE_POSITIVE, notes="Different people."
    )
    ppa(planted["maos"][3], communities=[planted["here"]], budget_allocated=Decimal("20000000"))
    result = overlaps_detect(fiscal_year=YEAR)
    overlap.refresh_from_db()
    assert result.changed == 1
    assert (overlap.status, overlap.review_notes, overlap.reviewed_by) == (
        OverlapStatus.FALSE_POSITIVE,
        "Different people.",
        reviewer,
    )
    assert overlap.mao_count == 3 and overlap.severity == OverlapSeverity.HIGH
    assert overlap.changed_since_review


def test_an_overlap_that_no_longer_holds_is_resolved_with_the_reason(planted):
    overlaps_detect(fiscal_year=YEAR)
    first, second = planted["cases"][(planted["here"].id, Sector.ECONOMIC)]
    second.status = PpaStatus.CANCELLED
    second.save(update_fields=["status"])
    result = overlaps_detect(fiscal_year=YEAR)
    overlap = BeneficiaryOverlap.objects.get(community=planted["here"], sector=Sector.ECONOMIC)
    assert result.resolved == 1 and result.holding == 2
    assert overlap.status == OverlapStatus.RESOLVED and overlap.resolved_automatically
    assert "fewer than two MAOs" in overlap.resolution_reason
    # The others are untouched.
    assert (
        BeneficiaryOverlap.objects.exclude(pk=overlap.pk).filter(status=OverlapStatus.DETECTED).count() == 2
    )


def test_a_resolved_overlap_that_comes_back_gets_its_earlier_status(planted):
    overlaps_detect(fiscal_year=YEAR)
    reviewer = UserFactory(role=Role.OOBC_EXECUTIVE)
    overlap = BeneficiaryOverlap.objects.get(community=planted["here"], sector=Sector.ECONOMIC)
    overlap_review(
        overlap=overlap, acting_user=reviewer, status=OverlapStatus.CONFIRMED, notes="Same children."
    )
    second = planted["cases"][(planted["here"].id, Sector.ECONOMIC)][1]
    second.communities.clear()
    overlaps_detect(fiscal_year=YEAR)
    overlap.refresh_from_db()
    assert overlap.status == OverlapStatus.RESOLVED
    second.communities.add(planted["here"])
    overlaps_detect(fiscal_year=YEAR)
    overlap.refresh_from_db()
    assert (overlap.status, overlap.resolved_at, overlap.review_notes) == (
        OverlapStatus.CONFIRMED,
        None,
        "Same children.",
    )


def test_a_reviewer_resolution_is_not_reopened_by_detection(planted):
    overlaps_detect(fiscal_year=YEAR)
    overlap = BeneficiaryOverlap.objects.get(community=planted["here"], sector=Sector.ECONOMIC)
    overlap_review(
        overlap=overlap,
        acting_user=UserFactory(role=Role.OOBC_EXECUTIVE),
        status=OverlapStatus.RESOLVED,
        notes="MAOs agreed to split the barangay.",
    )
    overlaps_detect(fiscal_year=YEAR)
    overlap.refresh_from_db()
    assert overlap.status == OverlapStatus.RESOLVED and not overlap.resolved_automatically
    assert overlap.resolution_reason == "MAOs agreed to split the barangay."


def test_detection_runs_a_fixed_number_of_statements(planted, maos, django_assert_max_num_queries):
    first = overlaps_detect(fiscal_year=YEAR)  # the year's first run only inserts
    again = overlaps_detect(fiscal_year=YEAR)
    for _ in range(10):
        place = CommunityFactory()
        ppa(maos[0], communities=[place])
        ppa(maos[1], communities=[place])
    with django_assert_max_num_queries(again.statements + 2):  # + the savepoint of atomic()
        later = overlaps_detect(fiscal_year=YEAR)
    assert later.new == 10 and later.statements == again.statements
    assert first.new == first.holding and first.statements < again.statements


def test_the_first_run_of_a_year_takes_the_insert_only_path_and_finds_the_same(planted):
    """A year with no overlap yet gets plain INSERTs; the result equals the upsert path's."""
    first = overlaps_detect(fiscal_year=YEAR)
    key = ("level", "municipality_id", "sector", "ppa_count", "community_id")
    found = list(BeneficiaryOverlap.objects.values_list(*key).order_by(*key))
    BeneficiaryOverlap.objects.filter(fiscal_year=YEAR).update(mao_count=9)  # stale evidence everywhere
    refreshed = overlaps_detect(fiscal_year=YEAR)
    assert refreshed.changed == first.new == first.holding == 3
    again = list(BeneficiaryOverlap.objects.values_list(*key).order_by(*key))
    assert again == found and not BeneficiaryOverlap.objects.filter(mao_count=9).exists()


@pytest.mark.django_db(transaction=True)
def test_two_first_runs_of_one_year_at_once_take_turns(planted):
    """The daily task and an on-demand run may meet on a year with no overlap yet: the
    per-year lock makes the second wait and then update, never insert the same rows twice."""
    assert connection.vendor == "postgresql"
    results, errors = run_at_once(lambda: overlaps_detect(fiscal_year=YEAR))
    assert errors == [] and len(results) == 2
    assert sorted(result.new for result in results) == [0, 3]
    assert BeneficiaryOverlap.objects.filter(fiscal_year=YEAR).count() == 3


@pytest.mark.parametrize("role", [Role.OOBC_STAFF, Role.OCM_EXECUTIVE, Role.MAO_FOCAL])
def test_only_oobc_executives_review_overlaps(planted, role):
    overlaps_detect(fiscal_year=YEAR)
    overlap = BeneficiaryOverlap.objects.first()
    with pytest.raises(PermissionDenied):
        overlap_review(overlap=overlap, acting_user=UserFactory(role=role), status=OverlapStatus.REVIEWED)


@pytest.mark.parametrize(
    ("status", "notes", "field"),
    [
        ("maybe", "", "status"),
        (OverlapStatus.FALSE_POSITIVE, "  ", "notes"),
        (OverlapStatus.CONFIRMED, "", "notes"),
        (OverlapStatus.DETECTED, "", "status"),  # no change of status and no note is no review
    ],
)
def test_a_review_needs_a_known_decision_and_notes_for_final_ones(planted, status, notes, field):
    overlaps_detect(fiscal_year=YEAR)
    overlap = BeneficiaryOverlap.objects.first()
    with pytest.raises(ApplicationError) as error:
        overlap_review(
            overlap=overlap, acting_user=UserFactory(role=Role.OOBC_EXECUTIVE), status=status, notes=notes
        )
    assert field in error.value.fields
    overlap.refresh_from_db()
    assert overlap.status == OverlapStatus.DETECTED and overlap.reviewed_at is None
