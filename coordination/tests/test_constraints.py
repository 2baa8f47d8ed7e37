"""The database refuses organizations, focal persons and engagements that break their
invariants, even when written around the services (the services' checks come first)."""

import datetime

import pytest
from django.utils import timezone

from common.tests.registry_helpers import refused_by_database
from coordination.models import FocalPerson, FocalRole, MinutesStatus
from coordination.tests.factories import (
    ActionItemFactory,
    EngagementFactory,
    FocalPersonFactory,
    OrganizationFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db


def test_an_organization_has_one_active_primary_focal_person():
    first = FocalPersonFactory()
    assert refused_by_database(lambda: FocalPersonFactory(organization=first.organization))
    assert FocalPerson.objects.count() == 1


def test_a_former_primary_and_alternates_sit_beside_the_active_primary():
    first = FocalPersonFactory(is_active=False, active_until=datetime.date(2025, 3, 31))
    organization = first.organization
    assert not refused_by_database(lambda: FocalPersonFactory(organization=organization))
    assert not refused_by_database(
        lambda: FocalPersonFactory(organization=organization, role=FocalRole.ALTERNATE)
    )


def test_a_focal_persons_term_cannot_end_before_it_starts():
    assert refused_by_database(
        lambda: FocalPersonFactory(
            active_from=datetime.date(2025, 6, 1), active_until=datetime.date(2025, 5, 1)
        )
    )


def test_a_mao_acronym_is_unique():
    OrganizationFactory(acronym="MSSD")
    assert refused_by_database(lambda: OrganizationFactory(acronym="MSSD"))


def test_an_engagement_cannot_end_before_it_starts():
    start = timezone.now()
    assert refused_by_database(
        lambda: EngagementFactory(planned_start=start, planned_end=start - datetime.timedelta(hours=1))
    )


@pytest.mark.parametrize("quarter", [0, 5])
def test_an_engagement_quarter_is_1_to_4(quarter):
    assert refused_by_database(lambda: EngagementFactory(quarter=quarter))


def test_approved_minutes_have_an_approval_time():
    assert refused_by_database(
        lambda: EngagementFactory(minutes="Agreed.", minutes_status=MinutesStatus.APPROVED)
    )
    assert not refused_by_database(
        lambda: EngagementFactory(
            minutes="Agreed.", minutes_status=MinutesStatus.APPROVED, minutes_approved_at=timezone.now()
        )
    )


def test_a_participant_is_a_focal_person_or_has_a_name():
    assert refused_by_database(lambda: ParticipantFactory(focal_person=None, organization=None, name=""))


def test_a_focal_person_is_invited_once_per_engagement():
    participant = ParticipantFactory()
    assert refused_by_database(
        lambda: ParticipantFactory(engagement=participant.engagement, focal_person=participant.focal_person)
    )


def test_a_done_action_item_has_its_completion_time():
    assert refused_by_database(lambda: ActionItemFactory(status="done"))
