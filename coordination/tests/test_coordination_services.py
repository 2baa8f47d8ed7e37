"""Services of organizations, focal persons and engagements, called directly (as the staff
pages and the meeting series do)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from common.errors import ApplicationError
from common.models import Role
from coordination.models import ActionItemStatus, Attendance, FocalRole, MinutesStatus, Rsvp
from coordination.services.engagements import (
    action_item_create,
    action_item_update,
    engagement_update,
    participant_set_attendance,
    participant_set_rsvp,
)
from coordination.services.organizations import (
    focal_person_create,
    focal_person_deactivate,
    organization_update,
)
from coordination.tests.factories import (
    ActionItemFactory,
    EngagementFactory,
    FocalPersonFactory,
    OrganizationFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db

PERSON = {"full_name": "Datu Ali", "email": "ali@mao.example.org", "role": FocalRole.PRIMARY}


def test_deactivating_a_focal_person_ends_their_term_on_the_given_day(user_for_role):
    primary = FocalPersonFactory()
    staff = user_for_role(Role.OOBC_STAFF)
    focal_person_deactivate(focal_person=primary, acting_user=staff, until=datetime.date(2025, 6, 30))
    primary.refresh_from_db()
    assert primary.is_active is False and primary.active_until == datetime.date(2025, 6, 30)
    successor = focal_person_create(acting_user=staff, organization=primary.organization, **PERSON)
    assert successor.is_active and successor.role == FocalRole.PRIMARY


def test_a_term_cannot_end_before_it_began(user_for_role):
    primary = FocalPersonFactory(active_from=datetime.date(2025, 1, 1))
    with pytest.raises(ApplicationError) as refused:
        focal_person_deactivate(
            focal_person=primary,
            acting_user=user_for_role(Role.OOBC_STAFF),
            until=datetime.date(2024, 12, 31),
        )
    assert "active_until" in refused.value.fields


def test_a_mao_focal_person_cannot_act_for_another_organization(user_for_role):
    focal = user_for_role(Role.MAO_FOCAL)
    other = OrganizationFactory()
    with pytest.raises(PermissionDenied):
        focal_person_create(acting_user=focal, organization=other, **PERSON)
    with pytest.raises(PermissionDenied):
        organization_update(organization=other, acting_user=focal, phone="1")
    assert not other.focal_persons.exists()


def test_participating_organizations_are_replaced_as_a_whole(user_for_role):
    engagement = EngagementFactory()
    engagement.participating_organizations.set(OrganizationFactory.create_batch(2))
    kept = OrganizationFactory()
    engagement_update(
        engagement=engagement, acting_user=user_for_role(Role.OOBC_STAFF), participating_organizations=[kept]
    )
    assert list(engagement.participating_organizations.all()) == [kept]


def test_reopening_approved_minutes_clears_the_approval(user_for_role):
    staff = user_for_role(Role.OOBC_STAFF)
    engagement = EngagementFactory(minutes="Agreed.")
    engagement_update(engagement=engagement, acting_user=staff, minutes_status=MinutesStatus.APPROVED)
    assert engagement.minutes_approved_by == staff
    engagement_update(engagement=engagement, acting_user=staff, minutes_status=MinutesStatus.DRAFT)
    engagement.refresh_from_db()
    assert engagement.minutes_approved_at is None and engagement.minutes_approved_by is None


def test_a_focal_person_answers_rsvp_and_attendance_for_their_own_people(user_for_role):
    focal = user_for_role(Role.MAO_FOCAL)
    own = ParticipantFactory(focal_person=FocalPersonFactory(organization=focal.organization))
    participant_set_rsvp(participant=own, acting_user=focal, rsvp=Rsvp.TENTATIVE)
    participant_set_attendance(participant=own, acting_user=focal, attendance=Attendance.EXCUSED)
    own.refresh_from_db()
    assert (own.rsvp, own.attendance) == (Rsvp.TENTATIVE, Attendance.EXCUSED)
    with pytest.raises(PermissionDenied):
        participant_set_rsvp(participant=ParticipantFactory(), acting_user=focal, rsvp=Rsvp.DECLINED)


def test_an_action_item_carries_over_once_from_an_earlier_engagement(user_for_role):
    staff = user_for_role(Role.OOBC_STAFF)
    earlier = ActionItemFactory()
    next_meeting = EngagementFactory()
    fields = {"description": earlier.description, "owner_organization": earlier.owner_organization}
    carried = action_item_create(
        engagement=next_meeting, acting_user=staff, carried_over_from=earlier, **fields
    )
    assert carried.carried_over_from == earlier
    for engagement in (next_meeting, earlier.engagement):
        with pytest.raises(ApplicationError) as refused:
            action_item_create(engagement=engagement, acting_user=staff, carried_over_from=earlier, **fields)
        assert "carried_over_from" in refused.value.fields


def test_reopening_a_done_action_item_clears_its_completion(user_for_role):
    staff = user_for_role(Role.OOBC_STAFF)
    item = action_item_update(
        action_item=ActionItemFactory(), acting_user=staff, status=ActionItemStatus.DONE
    )
    assert item.completed_at is not None
    action_item_update(action_item=item, acting_user=staff, status=ActionItemStatus.IN_PROGRESS)
    item.refresh_from_db()
    assert item.completed_at is None
