"""`manage.py seed_demo`: real geography, MAOs and PPAs, then synthetic data from a fixed seed.

The module seeds once (twice, to check idempotence) and rolls everything back at its end."""

import io
from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.test import override_settings

from common.models import Barangay, Community, DataSource, Need, Region, Role, User
from coordination.demo import DEMO_FOCAL_MAOS, DEMO_PASSWORD
from coordination.models import (
    ActionItem,
    EngagementParticipant,
    EngagementType,
    FocalPerson,
    FocalRole,
    MinutesStatus,
    Organization,
    StakeholderEngagement,
)
from monitoring.demo import DEMO_SEED, PLANTED_OVERLAPS
from monitoring.models import EntryCategory, Indicator, MonitoringEntry, MonitoringUpdate, RequestStatus

COUNTED = (
    Region,
    Barangay,
    Organization,
    User,
    Community,
    Need,
    MonitoringEntry,
    MonitoringEntry.communities.through,
    MonitoringEntry.needs_addressed.through,
    Indicator,
    MonitoringUpdate,
    FocalPerson,
    StakeholderEngagement,
    EngagementParticipant,
    ActionItem,
)

pytestmark = pytest.mark.slow  # seeds the whole demo (thousands of rows) once per module


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in COUNTED}


@dataclass
class Seeded:
    output: str
    second_output: str
    counts: dict[str, int]
    counts_after_second_run: dict[str, int]


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(DEBUG=True):
        first, second = io.StringIO(), io.StringIO()
        call_command("seed_demo", stdout=first)
        counts = row_counts()
        call_command("seed_demo", stdout=second)
        yield Seeded(first.getvalue(), second.getvalue(), counts, row_counts())
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once


def reference_ppas():
    return MonitoringEntry.objects.filter(source=DataSource.REFERENCE, fiscal_year=2025)


def cross_mao_groups() -> dict[tuple[int, str], set[tuple[str, str]]]:
    """(community, sector) -> PPAs of FY2025 serving it, where they belong to several MAOs."""
    groups = defaultdict(set)
    links = MonitoringEntry.communities.through.objects.filter(monitoringentry__fiscal_year=2025).values_list(
        "community_id",
        "monitoringentry__sector",
        "monitoringentry__implementing_mao__acronym",
        "monitoringentry__title",
    )
    for community, sector, acronym, title in links:
        groups[(community, sector)].add((acronym, title))
    return {key: ppas for key, ppas in groups.items() if len({acronym for acronym, _ in ppas}) > 1}


def test_seeding_twice_adds_nothing(seeded):
    assert seeded.counts_after_second_run == seeded.counts
    assert "Synthetic demo data (generated from random seed 20250101" in seeded.second_output
    assert "already present: nothing added." in seeded.second_output


def test_the_output_says_what_is_real_and_what_is_synthetic(seeded):
    out = seeded.output
    assert out.index("REAL DATA") < out.index("Geography (real") < out.index("SYNTHETIC DATA")
    assert "PPAs and special provisions of FY2025: 381 (381 created" in out
    assert f"random seed {DEMO_SEED}" in out and "OBC communities: 1500" in out
    assert "focal_moh" in out and DEMO_PASSWORD in out
    assert "client_id=" in out  # the partner API client
    assert "Demo ready in" in out


def test_the_demo_logins_work_and_focal_persons_belong_to_their_mao(seeded):
    for username in ("exec", "staff", "ocm", "leader", "admin", *DEMO_FOCAL_MAOS):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD), username
    assert not User.objects.get(username="partner").has_usable_password()
    for username, acronym in DEMO_FOCAL_MAOS.items():
        user = User.objects.get(username=username)
        assert (user.role, user.organization.acronym) == (Role.MAO_FOCAL, acronym)
        primary = FocalPerson.objects.get(user=user)
        assert (primary.organization, primary.role, primary.is_active) == (
            user.organization,
            FocalRole.PRIMARY,
            True,
        )
    leader = User.objects.get(username="leader")
    assert leader.community is not None and leader.community.requests.count() >= 3


def test_every_synthetic_row_says_so(seeded):
    assert Community.objects.count() == 1500
    assert not Community.objects.exclude(source=DataSource.SYNTHETIC).exists()
    assert not Need.objects.exclude(source=DataSource.SYNTHETIC).exists()
    requests = MonitoringEntry.objects.filter(category=EntryCategory.OBC_REQUEST)
    assert requests.count() == 30 and not requests.exclude(source=DataSource.SYNTHETIC).exists()
    assert reference_ppas().exclude(category=EntryCategory.OBC_REQUEST).count() == 381
    assert not MonitoringUpdate.objects.exclude(accomplishments__startswith="Synthetic demo report").exists()


def test_communities_are_spread_over_the_four_regions_within_their_barangays(seeded):
    per_region = dict(Community.objects.values_list("region__short_name").annotate(n=Count("id")))
    assert set(per_region) == {"IX", "X", "XI", "XII"} and min(per_region.values()) > 100
    assert not Community.objects.filter(estimated_obc_population__gt=F("barangay__population")).exists()
    assert not Community.objects.filter(households__gt=F("estimated_obc_population")).exists()
    assert not Community.objects.exclude(municipality=F("barangay__municipality")).exists()
    assert not Community.objects.filter(
        Q(latitude__lt=4.5) | Q(latitude__gt=10) | Q(longitude__lt=119.5)
    ).exists()
    assert Community.objects.filter(province__name="Sulu", ethnolinguistic_group="tausug").exists()
    assert not Need.objects.filter(affected_population__gt=F("community__estimated_obc_population")).exists()
    assert Need.objects.values("community").annotate(n=Count("id")).aggregate(most=Max("n"))["most"] == 3


def test_the_planted_overlaps_are_the_only_cross_mao_overlaps(seeded):
    found = {(sector, frozenset(ppas)) for (_, sector), ppas in cross_mao_groups().items()}
    planted = {(str(spec.sector), frozenset(spec.ppas)) for spec in PLANTED_OVERLAPS}
    assert len(PLANTED_OVERLAPS) >= 12
    assert found == planted
    assert len(cross_mao_groups()) == len(PLANTED_OVERLAPS)  # one community each
    # The report names each planted community by its barangay's PSGC code.
    for (community_id, _), _ppas in cross_mao_groups().items():
        assert Community.objects.get(id=community_id).barangay.psgc_code in seeded.output
    # Entries without communities have no coverage either, so nothing overlaps by place.
    without = MonitoringEntry.objects.filter(communities__isnull=True)
    assert not without.filter(coverage_municipality__isnull=False).exists()


def test_every_budgeted_ppa_serves_communities_inside_its_coverage(seeded):
    budgeted = reference_ppas().with_money().annotate(served=Count("communities"))
    assert budgeted.count() == 334
    assert not budgeted.filter(served=0).exists()
    assert budgeted.aggregate(most=Max("served"))["most"] <= 8 + 1  # one planted community at most
    moneyless = reference_ppas().filter(budget_allocated=0, earmarked_amount=0)
    assert not moneyless.filter(communities__isnull=False).exists()
    for ppa in budgeted.filter(coverage_municipality__isnull=False).prefetch_related("communities")[:50]:
        assert {c.municipality_id for c in ppa.communities.all()} == {ppa.coverage_municipality_id}
    assert not budgeted.filter(beneficiaries_individuals__isnull=True).exists()


def test_about_four_in_ten_ppas_report_progress(seeded):
    budgeted = reference_ppas().with_money()
    reported = budgeted.filter(last_reported_on__isnull=False)
    assert 0.3 < reported.count() / budgeted.count() < 0.5
    for ppa in reported.annotate(latest=Max("updates__reported_on"), top=Max("updates__progress")):
        assert (ppa.last_reported_on, ppa.progress) == (ppa.latest, ppa.top)
    assert not budgeted.filter(budget_utilized__gt=F("budget_allocated")).exists()
    assert MonitoringUpdate.objects.filter(reported_by__username="focal_moh").exists()


def test_every_mao_has_one_active_primary_focal_person_and_some_alternates(seeded):
    maos = Organization.objects.maos()
    primaries = FocalPerson.objects.filter(role=FocalRole.PRIMARY, is_active=True)
    assert primaries.count() == maos.count() == 44
    assert FocalPerson.objects.filter(role=FocalRole.ALTERNATE).count() >= 5


def test_engagements_cover_the_four_quarters_with_participants_minutes_and_action_items(seeded):
    fy2025 = StakeholderEngagement.objects.filter(fiscal_year=2025)  # automation's demo adds FY2026
    meetings = fy2025.filter(engagement_type=EngagementType.COORDINATION_MEETING)
    assert sorted(meetings.values_list("quarter", flat=True)) == [1, 2, 3, 4]
    assert set(meetings.values_list("organizer__acronym", flat=True)) == {"OCM", "OOBC"}
    assert 6 <= fy2025.count() <= 10
    assert fy2025.filter(engagement_type=EngagementType.CONSULTATION, community__isnull=False).count() == 3
    for meeting in meetings:
        assert meeting.participants.count() >= 10 and meeting.minutes
        assert meeting.participants.filter(rsvp="accepted", attendance="present").exists()
    assert meetings.filter(minutes_status=MinutesStatus.APPROVED).count() == 3
    carried = ActionItem.objects.filter(engagement__fiscal_year=2025, carried_over_from__isnull=False)
    assert carried.count() == 2
    assert all(item.carried_over_from.engagement.quarter < item.engagement.quarter for item in carried)


def test_obc_requests_come_from_communities_in_every_status(seeded):
    requests = MonitoringEntry.objects.filter(category=EntryCategory.OBC_REQUEST)
    assert set(requests.values_list("request_status", flat=True)) == set(RequestStatus.values)
    assert not requests.filter(requesting_community__isnull=True).exists()
    answered = requests.filter(answered_by__isnull=False)
    assert answered.exists() and not answered.exclude(answered_by__sector=F("sector")).exists()
    assert not requests.filter(communities__isnull=False).exists()


def test_if_empty_only_tops_up_the_accounts_when_the_database_has_data(seeded, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "demo seed skipped" in out.getvalue()
    assert row_counts() == seeded.counts


def test_seeding_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG must be on"):
        call_command("seed_demo")
