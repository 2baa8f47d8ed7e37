"""/api/v1/internal/ engagements, participants and action items: OOBC executives and staff run
them, OCM reads them, a MAO focal person sees the engagements of their own organization and
answers RSVP and attendance for their own people only."""

import datetime
import uuid

import pytest
from django.utils import timezone

from common.models import Role
from common.tests.geo_factories import CommunityFactory
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
from coordination.models import (
    ActionItem,
    ActionItemStatus,
    Attendance,
    EngagementParticipant,
    MinutesStatus,
    Rsvp,
    StakeholderEngagement,
)
from coordination.tests.factories import (
    ActionItemFactory,
    EngagementFactory,
    FocalPersonFactory,
    OrganizationFactory,
    ParticipantFactory,
)
from tests.helpers import assert_error_shape

pytestmark = pytest.mark.django_db

ENGAGEMENTS = f"{API}/engagements/"


def new_engagement(**changes) -> dict:
    return {
        "title": "Q3 coordination meeting with the MAOs",
        "engagement_type": "coordination_meeting",
        "planned_start": "2025-08-14T09:00:00+08:00",
        "planned_end": "2025-08-14T12:00:00+08:00",
        "venue": "OOBC Conference Room, Cotabato City",
        **changes,
    }


@pytest.fixture
def focal(user_for_role):
    return user_for_role(Role.MAO_FOCAL)


@pytest.fixture
def meetings(focal):
    """Engagements seen from one MAO focal person's organization."""
    own = focal.organization
    organized = EngagementFactory(organizer=own, title="Organized by us")
    participating = EngagementFactory(title="We take part")
    participating.participating_organizations.add(own)
    invited = EngagementFactory(title="Our person is invited")
    ParticipantFactory(engagement=invited, focal_person=FocalPersonFactory(organization=own))
    elsewhere = EngagementFactory(title="Between other MAOs")
    ParticipantFactory(engagement=elsewhere)
    return {
        "organized": organized,
        "participating": participating,
        "invited": invited,
        "elsewhere": elsewhere,
    }


# --- reading ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OOBC_EXECUTIVE, Role.OOBC_STAFF, Role.OCM_EXECUTIVE])
def test_oobc_and_ocm_see_every_engagement(api_client, user_for_role, meetings, role):
    response = api_get(api_client, user_for_role(role), ENGAGEMENTS)
    assert result_uids(response) == {str(engagement.uid) for engagement in meetings.values()}


def test_a_mao_focal_person_sees_the_engagements_their_organization_organizes_or_joins(
    api_client, focal, meetings
):
    response = api_get(api_client, focal, ENGAGEMENTS)
    expected = {meetings[name].uid for name in ("organized", "participating", "invited")}
    assert result_uids(response) == {str(uid) for uid in expected}


def test_another_maos_engagement_is_a_404_everywhere_for_a_focal_person(api_client, focal, meetings):
    elsewhere = meetings["elsewhere"]
    item = ActionItemFactory(engagement=elsewhere)
    participant = elsewhere.participants.get()
    for url in (
        object_url("engagements", elsewhere),
        object_url("engagements", elsewhere, "participants/"),
        object_url("engagements", elsewhere, "action-items/"),
        object_url("participants", participant),
        object_url("action-items", item),
    ):
        assert_error_shape(api_get(api_client, focal, url), 404)
    assert_error_shape(
        api_patch(api_client, focal, object_url("engagements", elsewhere), {"title": "Mine"}), 404
    )
    assert_error_shape(
        api_patch(api_client, focal, object_url("participants", participant), {"rsvp": "declined"}), 404
    )
    participant.refresh_from_db()
    assert participant.rsvp == Rsvp.PENDING


@pytest.mark.parametrize("role", NOT_REGISTRY_READERS)
def test_roles_without_a_registry_grant_cannot_read_or_write_engagements(
    api_client, user_for_role, meetings, role
):
    user = user_for_role(role)
    engagement = meetings["elsewhere"]
    item = ActionItemFactory(engagement=engagement)
    for url in (
        ENGAGEMENTS,
        object_url("engagements", engagement),
        object_url("engagements", engagement, "participants/"),
        object_url("engagements", engagement, "action-items/"),
        object_url("participants", engagement.participants.get()),
        object_url("action-items", item),
    ):
        assert_error_shape(api_get(api_client, user, url), 403)
        assert_error_shape(api_patch(api_client, user, url, {"status": "done", "rsvp": "accepted"}), 403)
    assert_error_shape(api_post(api_client, user, ENGAGEMENTS, new_engagement()), 403)
    assert StakeholderEngagement.objects.count() == len(meetings)


def test_engagement_detail_names_organizer_community_and_participating_organizations(
    api_client, user_for_role
):
    community = CommunityFactory()
    engagement = EngagementFactory(community=community)
    guests = OrganizationFactory.create_batch(2)
    engagement.participating_organizations.set(guests)
    body = api_get(
        api_client, user_for_role(Role.OCM_EXECUTIVE), object_url("engagements", engagement)
    ).json()
    assert body["organizer"] == str(engagement.organizer.uid)
    assert body["community"] == str(community.uid) and body["community_name"] == community.name
    assert set(body["participating_organizations"]) == {str(guest.uid) for guest in guests}


def test_engagements_filter_and_search(api_client, user_for_role, meetings, focal):
    consultation = EngagementFactory(
        engagement_type="consultation", status="completed", fiscal_year=2024, quarter=4, title="Sama dialogue"
    )
    user = user_for_role(Role.OOBC_STAFF)
    involving_focal = {str(meetings[name].uid) for name in ("organized", "participating")}
    for params, expected in [
        ({"engagement_type": "consultation"}, {str(consultation.uid)}),
        ({"status": "completed"}, {str(consultation.uid)}),
        ({"fiscal_year": 2024}, {str(consultation.uid)}),
        ({"quarter": 4}, {str(consultation.uid)}),
        ({"q": "sama"}, {str(consultation.uid)}),
        ({"search": "between other"}, {str(meetings["elsewhere"].uid)}),
        ({"organization": str(focal.organization.uid)}, involving_focal),
    ]:
        assert result_uids(api_get(api_client, user, ENGAGEMENTS, **params)) == expected, params


@pytest.mark.parametrize("role", [Role.OOBC_STAFF, Role.MAO_FOCAL])
def test_engagement_list_runs_the_same_queries_whatever_its_length(api_client, focal, user_for_role, role):
    user = focal if role == Role.MAO_FOCAL else user_for_role(role)

    def engagements(count):
        for engagement in EngagementFactory.create_batch(count, organizer=focal.organization):
            engagement.participating_organizations.set(OrganizationFactory.create_batch(2))

    assert_list_queries_do_not_grow(api_client, user, ENGAGEMENTS, engagements)


# --- writing engagements ------------------------------------------------------------------


@pytest.mark.parametrize("role", WHOLE_REGISTRY_WRITERS)
def test_oobc_schedules_an_engagement_whose_fiscal_year_and_quarter_follow_its_start(
    api_client, user_for_role, role
):
    guests = OrganizationFactory.create_batch(2)
    payload = new_engagement(participating_organizations=[str(guest.uid) for guest in guests])
    response = api_post(api_client, user_for_role(role), ENGAGEMENTS, payload)
    assert response.status_code == 201, response.content
    engagement = StakeholderEngagement.objects.get(uid=response.json()["uid"])
    assert (engagement.fiscal_year, engagement.quarter) == (2025, 3)
    assert set(engagement.participating_organizations.all()) == set(guests)


@pytest.mark.parametrize("role", [Role.MAO_FOCAL, Role.OCM_EXECUTIVE])
def test_mao_focal_persons_and_ocm_cannot_create_or_edit_engagements(api_client, user_for_role, role):
    user = user_for_role(role)
    engagement = EngagementFactory(organizer=user.organization)
    assert_error_shape(api_post(api_client, user, ENGAGEMENTS, new_engagement()), 403)
    assert_error_shape(
        api_patch(api_client, user, object_url("engagements", engagement), {"title": "Changed"}), 403
    )
    engagement.refresh_from_db()
    assert StakeholderEngagement.objects.count() == 1 and engagement.title != "Changed"


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"planned_end": "2025-08-14T08:00:00+08:00"}, "planned_end"),
        ({"quarter": 5}, "quarter"),
        ({"fiscal_year": 1999}, "fiscal_year"),
        ({"participating_organizations": [str(uuid.uuid4())]}, "participating_organizations"),
        ({"organizer": str(uuid.uuid4())}, "organizer"),
        ({"community": "not-a-uid"}, "community"),
        ({"engagement_type": "party"}, "engagement_type"),
        ({"online_link": "not a link"}, "online_link"),
        ({"minutes_status": "approved"}, "minutes_status"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_engagement_input_is_a_400_naming_the_field_and_writes_nothing(
    api_client, user_for_role, changes, field
):
    response = api_post(api_client, user_for_role(Role.OOBC_STAFF), ENGAGEMENTS, new_engagement(**changes))
    assert_error_shape(response, 400, field=field)
    assert not StakeholderEngagement.objects.exists()


def test_approving_the_minutes_records_who_and_when(api_client, user_for_role):
    staff = user_for_role(Role.OOBC_EXECUTIVE)
    engagement = EngagementFactory(
        minutes="Agreed on the Q3 work plan.", minutes_status=MinutesStatus.CIRCULATED
    )
    response = api_patch(
        api_client, staff, object_url("engagements", engagement), {"minutes_status": "approved"}
    )
    assert response.status_code == 200, response.content
    engagement.refresh_from_db()
    assert engagement.minutes_approved_by == staff and engagement.minutes_approved_at is not None
    assert response.json()["minutes_approved_at"] is not None


def test_an_end_before_the_start_is_refused_on_update_too(api_client, user_for_role):
    engagement = EngagementFactory()
    earlier = (engagement.planned_start - datetime.timedelta(hours=1)).isoformat()
    response = api_patch(
        api_client,
        user_for_role(Role.OOBC_STAFF),
        object_url("engagements", engagement),
        {"planned_end": earlier},
    )
    assert_error_shape(response, 400, field="planned_end")
    assert StakeholderEngagement.objects.get().planned_end > engagement.planned_start


# --- participants -------------------------------------------------------------------------


def test_oobc_invites_a_focal_person_and_their_organization_joins_the_engagement(api_client, user_for_role):
    engagement = EngagementFactory()
    person = FocalPersonFactory()
    response = api_post(
        api_client,
        user_for_role(Role.OOBC_STAFF),
        object_url("engagements", engagement, "participants/"),
        {"focal_person": str(person.uid)},
    )
    assert response.status_code == 201, response.content
    assert response.json()["organization"] == str(person.organization.uid)
    assert response.json()["display_name"] == person.full_name
    assert person.organization in engagement.participating_organizations.all()


@pytest.mark.parametrize(
    "payload,field",
    [
        ({}, "name"),
        ({"focal_person": str(uuid.uuid4())}, "focal_person"),
        ({"name": "Guest", "organization": str(uuid.uuid4())}, "organization"),
        ({"name": "Guest", "email": "not-an-email"}, "email"),
    ],
)
def test_bad_participant_input_is_a_400_naming_the_field_and_writes_nothing(
    api_client, user_for_role, payload, field
):
    engagement = EngagementFactory()
    response = api_post(
        api_client,
        user_for_role(Role.OOBC_STAFF),
        object_url("engagements", engagement, "participants/"),
        payload,
    )
    assert_error_shape(response, 400, field=field)
    assert not EngagementParticipant.objects.exists()


def test_a_focal_person_is_invited_once(api_client, user_for_role):
    participant = ParticipantFactory()
    response = api_post(
        api_client,
        user_for_role(Role.OOBC_STAFF),
        object_url("engagements", participant.engagement, "participants/"),
        {"focal_person": str(participant.focal_person.uid)},
    )
    assert_error_shape(response, 400, field="focal_person")
    assert EngagementParticipant.objects.count() == 1


def test_a_mao_focal_person_cannot_invite(api_client, focal, meetings):
    response = api_post(
        api_client,
        focal,
        object_url("engagements", meetings["organized"], "participants/"),
        {"name": "Our guest"},
    )
    assert_error_shape(response, 403)
    assert not meetings["organized"].participants.exists()


def test_a_mao_focal_person_sees_and_answers_for_their_own_participants_only(api_client, focal):
    engagement = EngagementFactory()
    own = ParticipantFactory(
        engagement=engagement, focal_person=FocalPersonFactory(organization=focal.organization)
    )
    other = ParticipantFactory(engagement=engagement)
    listed = api_get(api_client, focal, object_url("engagements", engagement, "participants/"))
    assert result_uids(listed) == {str(own.uid)}

    answered = api_patch(
        api_client, focal, object_url("participants", own), {"rsvp": "accepted", "attendance": "present"}
    )
    assert answered.status_code == 200, answered.content
    assert (
        answered.json()["rsvp"] == "accepted"
        and answered.json()["display_name"] == own.focal_person.full_name
    )
    assert_error_shape(
        api_patch(api_client, focal, object_url("participants", other), {"rsvp": "declined"}), 404
    )
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.rsvp, own.attendance) == (Rsvp.ACCEPTED, Attendance.PRESENT)
    assert other.rsvp == Rsvp.PENDING


def test_an_unknown_rsvp_is_a_400_naming_it_and_changes_nothing(api_client, focal):
    own = ParticipantFactory(focal_person=FocalPersonFactory(organization=focal.organization))
    response = api_patch(
        api_client, focal, object_url("participants", own), {"rsvp": "perhaps", "attendance": "present"}
    )
    assert_error_shape(response, 400, field="rsvp")
    own.refresh_from_db()
    assert (own.rsvp, own.attendance) == (Rsvp.PENDING, Attendance.UNKNOWN)


def test_ocm_reads_participants_but_cannot_answer_for_them(api_client, user_for_role):
    participant = ParticipantFactory()
    user = user_for_role(Role.OCM_EXECUTIVE)
    assert api_get(api_client, user, object_url("participants", participant)).status_code == 200
    assert_error_shape(
        api_patch(api_client, user, object_url("participants", participant), {"rsvp": "accepted"}), 403
    )


def test_participant_list_runs_the_same_queries_whatever_its_length(api_client, user_for_role):
    engagement = EngagementFactory()
    assert_list_queries_do_not_grow(
        api_client,
        user_for_role(Role.OOBC_STAFF),
        object_url("engagements", engagement, "participants/"),
        lambda count: ParticipantFactory.create_batch(count, engagement=engagement),
    )


# --- action items -------------------------------------------------------------------------


def test_oobc_records_an_action_item_and_carried_over_from_stays_read_only(api_client, user_for_role):
    engagement = EngagementFactory()
    earlier = ActionItemFactory()
    owner = OrganizationFactory()
    response = api_post(
        api_client,
        user_for_role(Role.OOBC_STAFF),
        object_url("engagements", engagement, "action-items/"),
        {
            "description": "Submit the Q3 beneficiary list",
            "owner_organization": str(owner.uid),
            "due_date": "2025-09-30",
            "carried_over_from": str(earlier.uid),
        },
    )
    assert response.status_code == 201, response.content
    item = ActionItem.objects.get(uid=response.json()["uid"])
    assert item.owner_organization == owner and item.carried_over_from is None
    assert response.json()["engagement"] == str(engagement.uid)


def test_marking_an_action_item_done_records_its_completion(api_client, user_for_role):
    item = ActionItemFactory()
    response = api_patch(
        api_client, user_for_role(Role.OOBC_STAFF), object_url("action-items", item), {"status": "done"}
    )
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE and item.completed_at is not None


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"description": "Do it", "owner_organization": str(uuid.uuid4())}, "owner_organization"),
        ({"owner_organization": None}, "owner_organization"),
        ({"description": "", "owner_organization": "OWNER"}, "description"),
        ({"description": "Do it", "owner_organization": "OWNER", "status": "forgotten"}, "status"),
        ({"description": "Do it", "owner_organization": "OWNER", "due_date": "someday"}, "due_date"),
    ],
)
def test_bad_action_item_input_is_a_400_naming_the_field_and_writes_nothing(
    api_client, user_for_role, payload, field
):
    engagement = EngagementFactory()
    owner = OrganizationFactory()
    payload = {key: str(owner.uid) if value == "OWNER" else value for key, value in payload.items()}
    response = api_post(
        api_client,
        user_for_role(Role.OOBC_STAFF),
        object_url("engagements", engagement, "action-items/"),
        payload,
    )
    assert_error_shape(response, 400, field=field)
    assert not ActionItem.objects.exists()


def test_a_mao_focal_person_reads_their_engagements_action_items_but_cannot_change_them(
    api_client, focal, meetings
):
    item = ActionItemFactory(engagement=meetings["organized"], owner_organization=focal.organization)
    listed = api_get(api_client, focal, object_url("engagements", meetings["organized"], "action-items/"))
    assert result_uids(listed) == {str(item.uid)}
    assert_error_shape(
        api_patch(api_client, focal, object_url("action-items", item), {"status": "done"}), 403
    )
    created = api_post(
        api_client,
        focal,
        object_url("engagements", meetings["organized"], "action-items/"),
        {"description": "Ours", "owner_organization": str(focal.organization.uid)},
    )
    assert_error_shape(created, 403)
    item.refresh_from_db()
    assert item.status == ActionItemStatus.OPEN and ActionItem.objects.count() == 1


def test_action_items_filter_by_status_and_owner(api_client, user_for_role):
    engagement = EngagementFactory()
    done = ActionItemFactory(engagement=engagement, status="done", completed_at=timezone.now())
    open_item = ActionItemFactory(engagement=engagement)
    url = object_url("engagements", engagement, "action-items/")
    user = user_for_role(Role.OOBC_STAFF)
    assert result_uids(api_get(api_client, user, url, status="done")) == {str(done.uid)}
    owner = str(open_item.owner_organization.uid)
    assert result_uids(api_get(api_client, user, url, owner_organization=owner)) == {str(open_item.uid)}


def test_action_item_list_runs_the_same_queries_whatever_its_length(api_client, user_for_role):
    engagement = EngagementFactory()
    assert_list_queries_do_not_grow(
        api_client,
        user_for_role(Role.OOBC_STAFF),
        object_url("engagements", engagement, "action-items/"),
        lambda count: [
            ActionItemFactory(engagement=engagement, carried_over_from=ActionItemFactory())
            for _ in range(count)
        ],
    )
