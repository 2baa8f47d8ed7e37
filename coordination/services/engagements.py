"""Writes of stakeholder engagements, their participants and action items.

OOBC executives and staff create and edit engagements, invite participants and record action
items. A MAO focal person answers for their own organization's participants only: RSVP and
attendance.
"""

from collections.abc import Iterable, Iterator

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.dates import FISCAL_YEAR_OUT_OF_RANGE, is_fiscal_year
from common.models import User
from common.permissions import Action, Area, ensure_can
from common.services.guards import (
    Broken,
    assign,
    validate,
)
from coordination.models import (
    OPEN_ACTION_ITEM_STATUSES,
    ActionItem,
    ActionItemStatus,
    EngagementParticipant,
    FocalPerson,
    MinutesStatus,
    Organization,
    StakeholderEngagement,
)

# What the service writes, in the order the internal API shows them.
ENGAGEMENT_FIELDS = (
    "title",
    "engagement_type",
    "status",
    "planned_start",
    "planned_end",
    "venue",
    "online_link",
    "fiscal_year",
    "quarter",
    "organizer",
    "community",
    "agenda",
    "minutes",
    "minutes_status",
    "cancellation_reason",
)
ACTION_ITEM_FIELDS = ("description", "owner_organization", "due_date", "status", "carried_over_from")
STAFF_ONLY = gettext_lazy("Only OOBC executives and staff may change engagements.")

OWN_PARTICIPANTS_ONLY = gettext_lazy("You may answer for your own organization's participants only.")


def _broken_engagement_rules(engagement: StakeholderEngagement) -> Iterator[Broken]:
    start, end = engagement.planned_start, engagement.planned_end
    if start and end and end <= start:
        yield "planned_end", _("The engagement must end after it starts.")
    if engagement.quarter is not None and not 1 <= engagement.quarter <= 4:
        yield "quarter", _("The quarter is 1, 2, 3 or 4.")
    if engagement.fiscal_year is not None and not is_fiscal_year(engagement.fiscal_year):
        yield "fiscal_year", str(FISCAL_YEAR_OUT_OF_RANGE)
    if engagement.minutes_status != MinutesStatus.NONE and not engagement.minutes.strip():
        yield "minutes_status", _("Write the minutes before circulating or approving them.")


def _broken_move(engagement: StakeholderEngagement) -> Iterator[Broken]:
    """Fiscal year = calendar year: a meeting filed under FY2027 happens in 2027, so moving it
    into another year would leave it filed (and reported) under the wrong one."""
    if engagement.planned_start is None or engagement.fiscal_year is None:
        return
    local_start = timezone.localtime(engagement.planned_start)
    if local_start.year != engagement.fiscal_year:
        quarter = f"Q{engagement.quarter} " if engagement.quarter else ""
        yield (
            "planned_start",
            _(
                "This is a %(quarter)sFY%(fiscal_year)s meeting: it must take place in "
                "%(fiscal_year)s, not on %(local_start)s."
            )
            % {
                "quarter": quarter,
                "fiscal_year": engagement.fiscal_year,
                "local_start": f"{local_start:%d %B %Y}",
            },
        )


def _fill_in(engagement: StakeholderEngagement, acting_user: User, was_approved: bool) -> None:
    """Fiscal year and quarter follow the start unless given (fiscal year = calendar year);
    approving the minutes records who approved them and when."""
    if engagement.planned_start and engagement.fiscal_year is None:
        local_start = timezone.localtime(engagement.planned_start)
        engagement.fiscal_year = local_start.year
        engagement.quarter = engagement.quarter or (local_start.month - 1) // 3 + 1
    approved = engagement.minutes_status == MinutesStatus.APPROVED
    if approved and not was_approved:
        engagement.minutes_approved_at = timezone.now()
        engagement.minutes_approved_by = acting_user
    elif not approved:
        engagement.minutes_approved_at = None
        engagement.minutes_approved_by = None


@transaction.atomic
def engagement_create(
    *, acting_user: User, participating_organizations: Iterable[Organization] = (), **fields
) -> StakeholderEngagement:
    ensure_can(acting_user, Area.REGISTRY, Action.CHANGE, message=STAFF_ONLY)
    engagement = StakeholderEngagement(created_by=acting_user)
    assign(engagement, fields, ENGAGEMENT_FIELDS)
    _fill_in(engagement, acting_user, was_approved=False)
    validate(engagement, broken=_broken_engagement_rules(engagement))
    engagement.save()
    engagement.participating_organizations.set(participating_organizations)
    return engagement


@transaction.atomic
def engagement_update(
    *,
    engagement: StakeholderEngagement,
    acting_user: User,
    participating_organizations: Iterable[Organization] | None = None,
    **fields,
) -> StakeholderEngagement:
    ensure_can(acting_user, Area.REGISTRY, Action.CHANGE, message=STAFF_ONLY)
    was_approved = engagement.minutes_status == MinutesStatus.APPROVED
    changed = assign(engagement, fields, ENGAGEMENT_FIELDS)
    _fill_in(engagement, acting_user, was_approved=was_approved)
    broken = list(_broken_engagement_rules(engagement))
    if {"planned_start", "fiscal_year"} & set(changed):
        broken += _broken_move(engagement)
    validate(engagement, broken=broken)
    engagement.save(update_fields=[*changed, "minutes_approved_at", "minutes_approved_by", "updated_at"])
    if participating_organizations is not None:
        engagement.participating_organizations.set(participating_organizations)
    return engagement


def _broken_participant_rules(participant: EngagementParticipant) -> Iterator[Broken]:
    focal_person = participant.focal_person
    if focal_person is None:
        if not participant.name.strip():
            yield "name", _("Name the participant, or choose one of the focal persons.")
        return
    if not focal_person.is_active:
        yield "focal_person", _("This focal person is no longer active.")
    if participant.organization_id != focal_person.organization_id:
        yield "organization", _("A focal person takes part for their own organization.")
    already = EngagementParticipant.objects.filter(
        engagement=participant.engagement, focal_person=focal_person
    )
    if already.exclude(pk=participant.pk).exists():
        yield "focal_person", _("This focal person is already invited.")


@transaction.atomic
def participant_add(
    *,
    engagement: StakeholderEngagement,
    acting_user: User,
    focal_person: FocalPerson | None = None,
    organization: Organization | None = None,
    name: str = "",
    email: str = "",
    rsvp: str = "",
    attendance: str = "",
) -> EngagementParticipant:
    """Invite a focal person (for their organization) or a named person. Their organization
    becomes one of the engagement's participating organizations. An RSVP or attendance
    already known (recorded after the fact) may come with the invitation."""
    ensure_can(acting_user, Area.REGISTRY, Action.CHANGE, message=STAFF_ONLY)
    if organization is None and focal_person is not None:
        organization = focal_person.organization
    participant = EngagementParticipant(
        engagement=engagement, focal_person=focal_person, organization=organization, name=name, email=email
    )
    participant.rsvp = rsvp or participant.rsvp
    participant.attendance = attendance or participant.attendance
    validate(participant, broken=_broken_participant_rules(participant))
    participant.save()
    if organization is not None:
        engagement.participating_organizations.add(organization)
    return participant


def _answer_for(participant: EngagementParticipant, acting_user: User, field: str, value: str) -> None:
    ensure_can(
        acting_user,
        Area.REGISTRY,
        Action.CHANGE,
        organization_id=participant.organization_id,
        message=OWN_PARTICIPANTS_ONLY,
    )
    setattr(participant, field, value)
    validate(participant)
    participant.save(update_fields=[field, "updated_at"])


@transaction.atomic
def participant_set_rsvp(
    *, participant: EngagementParticipant, acting_user: User, rsvp: str
) -> EngagementParticipant:
    _answer_for(participant, acting_user, "rsvp", rsvp)
    return participant


@transaction.atomic
def participant_set_attendance(
    *, participant: EngagementParticipant, acting_user: User, attendance: str
) -> EngagementParticipant:
    _answer_for(participant, acting_user, "attendance", attendance)
    return participant


@transaction.atomic
def participant_update(
    *,
    participant: EngagementParticipant,
    acting_user: User,
    rsvp: str | None = None,
    attendance: str | None = None,
) -> EngagementParticipant:
    """RSVP and attendance together, all or nothing."""
    if rsvp is not None:
        participant_set_rsvp(participant=participant, acting_user=acting_user, rsvp=rsvp)
    if attendance is not None:
        participant_set_attendance(participant=participant, acting_user=acting_user, attendance=attendance)
    return participant


def _broken_action_item_rules(item: ActionItem) -> Iterator[Broken]:
    earlier = item.carried_over_from
    if earlier is None:
        return
    if earlier.engagement_id == item.engagement_id:
        yield "carried_over_from", _("An action item is carried over from an earlier engagement.")
    carried = ActionItem.objects.filter(engagement_id=item.engagement_id, carried_over_from=earlier)
    if carried.exclude(pk=item.pk).exists():
        yield "carried_over_from", _("This action item was already carried over to this engagement.")


def _stamp_completion(item: ActionItem) -> None:
    if item.status == ActionItemStatus.DONE and item.completed_at is None:
        item.completed_at = timezone.now()
    elif item.status != ActionItemStatus.DONE:
        item.completed_at = None


@transaction.atomic
def action_item_create(*, engagement: StakeholderEngagement, acting_user: User, **fields) -> ActionItem:
    ensure_can(acting_user, Area.REGISTRY, Action.CHANGE, message=STAFF_ONLY)
    item = ActionItem(engagement=engagement)
    assign(item, fields, ACTION_ITEM_FIELDS)
    _stamp_completion(item)
    validate(item, broken=_broken_action_item_rules(item))
    item.save()
    return item


@transaction.atomic
def action_item_update(*, action_item: ActionItem, acting_user: User, **fields) -> ActionItem:
    ensure_can(acting_user, Area.REGISTRY, Action.CHANGE, message=STAFF_ONLY)
    changed = assign(action_item, fields, ACTION_ITEM_FIELDS)
    _stamp_completion(action_item)
    validate(action_item, broken=_broken_action_item_rules(action_item))
    action_item.save(update_fields=[*changed, "completed_at", "updated_at"])
    return action_item


# --- Bulk writes for generators (automation's quarterly meetings) --------------------------
# The generator validated each row already (without a query per row); these write many rows
# in a few statements. They take no acting user: the calling service checked who may.


def engagements_bulk_create(engagements: list[StakeholderEngagement]) -> list[StakeholderEngagement]:
    return StakeholderEngagement.objects.bulk_create(engagements, batch_size=500)


def engagement_invitations_bulk_add(
    *, organizations: Iterable[tuple[int, int]], participants: list[EngagementParticipant]
) -> int:
    """Invite organizations ((engagement id, organization id) pairs; pairs already there are
    skipped) and participants. Returns the number of participants added."""
    through = StakeholderEngagement.participating_organizations.through
    through.objects.bulk_create(
        [through(stakeholderengagement_id=e, organization_id=o) for e, o in organizations],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(EngagementParticipant.objects.bulk_create(participants, batch_size=2000))


def action_items_bulk_carry(pairs: Iterable[tuple[StakeholderEngagement, StakeholderEngagement]]) -> int:
    """Copy the open action items of each source meeting to its target meeting, once: an item
    already carried to the target is skipped (and the database refuses a second copy)."""
    target_of = {source.pk: target.pk for source, target in pairs}
    if not target_of:
        return 0
    open_items = ActionItem.objects.filter(
        engagement_id__in=target_of, status__in=OPEN_ACTION_ITEM_STATUSES
    ).exclude(carried_over_to__engagement_id__in=target_of.values())
    copies = [
        ActionItem(
            engagement_id=target_of[item.engagement_id],
            description=item.description,
            owner_organization_id=item.owner_organization_id,
            due_date=item.due_date,
            status=item.status,
            carried_over_from=item,
        )
        for item in open_items
    ]
    return len(ActionItem.objects.bulk_create(copies, ignore_conflicts=True))
