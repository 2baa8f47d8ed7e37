"""Reads of organizations, focal persons and stakeholder engagements, and their query shape.

A MAO focal person sees their own organization only, its focal persons, the engagements it
organizes or takes part in, and of those engagements only its own participants. Anything
else answers 404, exactly as if it did not exist.
"""

from collections.abc import Mapping
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from common.extensions import provided
from common.models import User
from common.permissions import Area
from common.scoping import is_own_mao_scoped, scoped
from coordination.filters import EngagementFilter, FocalPersonFilter, OrganizationFilter
from coordination.models import (
    ActionItem,
    EngagementParticipant,
    FocalPerson,
    Organization,
    OrganizationKind,
    StakeholderEngagement,
)

# Active focal persons first, then the primary before alternates ("primary" > "alternate").
FOCAL_PERSON_ORDER = ("-is_active", "-role", "full_name")


def _visible_organizations(user: User) -> QuerySet[Organization]:
    # The organization itself is the MAO a focal person is scoped to.
    return scoped(Organization.objects.all(), user, Area.REGISTRY, mao_field="pk")


def _organizations(user: User) -> QuerySet[Organization]:
    """Organizations with their focal persons (active first), attached agencies, and
    `ppa_count` / `total_budget` over their PPAs (OBC requests excluded), which monitoring
    annotates through the "organization_ppa_totals" extension point."""
    organizations = (
        _visible_organizations(user)
        .select_related("parent", "region")
        .prefetch_related(
            Prefetch("focal_persons", queryset=FocalPerson.objects.order_by(*FOCAL_PERSON_ORDER)),
            Prefetch("attached_agencies", queryset=Organization.objects.order_by("name")),
        )
    )
    with_ppa_totals = provided("organization_ppa_totals")
    # explicit ordering: a GROUP BY query drops the model's default ordering
    return with_ppa_totals(organizations).order_by("name")


def organization_list(*, user: User, filters: Mapping | None = None) -> QuerySet[Organization]:
    return OrganizationFilter(filters, queryset=_organizations(user)).qs


def mao_list(*, user: User, filters: Mapping | None = None) -> QuerySet[Organization]:
    """The MAO register page: MAOs only, each attached agency right after the ministry or
    office it is attached to."""
    params = filters.copy() if filters is not None else {}  # a QueryDict's copy is mutable
    params["kind"] = OrganizationKind.MAO
    return organization_list(user=user, filters=params).order_by(
        Coalesce("parent__name", "name"), F("parent").asc(nulls_first=True), "name"
    )


def organization_get(*, user: User, uid: UUID | str) -> Organization:
    return get_object_or_404(_organizations(user), uid=uid)


def organization_lookup(*, user: User, uid: UUID | str) -> Organization:
    """The organization if `user` may see it (404 otherwise), without its details: for routes
    nested under it."""
    return get_object_or_404(_visible_organizations(user), uid=uid)


def _focal_persons(user: User) -> QuerySet[FocalPerson]:
    return scoped(
        FocalPerson.objects.select_related("organization"), user, Area.REGISTRY, mao_field="organization"
    )


def focal_person_list(
    *, user: User, organization: Organization | None = None, filters: Mapping | None = None
) -> QuerySet[FocalPerson]:
    focal_persons = _focal_persons(user)
    if organization is not None:
        focal_persons = focal_persons.filter(organization=organization)
    return FocalPersonFilter(filters, queryset=focal_persons).qs.order_by(*FOCAL_PERSON_ORDER)


def focal_person_get(*, user: User, uid: UUID | str) -> FocalPerson:
    return get_object_or_404(_focal_persons(user), uid=uid)


def _engagements(user: User) -> QuerySet[StakeholderEngagement]:
    engagements = StakeholderEngagement.objects.select_related("organizer", "community")
    if not is_own_mao_scoped(user, Area.REGISTRY):
        return scoped(engagements, user, Area.REGISTRY)
    own = user.organization_id
    if own is None:
        return engagements.none()
    participating = StakeholderEngagement.participating_organizations.through.objects.filter(
        stakeholderengagement=OuterRef("pk"), organization=own
    )
    invited = EngagementParticipant.objects.filter(engagement=OuterRef("pk"), organization=own)
    return engagements.filter(Q(organizer=own) | Exists(participating) | Exists(invited))


def engagement_list(*, user: User, filters: Mapping | None = None) -> QuerySet[StakeholderEngagement]:
    engagements = _engagements(user).prefetch_related(
        Prefetch("participating_organizations", queryset=Organization.objects.order_by("name"))
    )
    return EngagementFilter(filters, queryset=engagements).qs


def participants_visible(user: User, *, area: Area = Area.REGISTRY) -> QuerySet[EngagementParticipant]:
    """The participants `user` may see, of any engagement: participants are people, so a MAO
    focal person sees their own organization's only. The one rule for every path that lists
    participants (engagements here, quarterly meetings in automation, under `Area.MEETINGS`)."""
    return scoped(
        EngagementParticipant.objects.select_related("engagement", "focal_person", "organization"),
        user,
        area,
        mao_field="organization",
    )


def engagement_get(*, user: User, uid: UUID | str) -> StakeholderEngagement:
    """One engagement with its participating organizations, the participants `user` may see
    (each with focal person and organization) and its action items (with owner)."""
    engagements = _engagements(user).prefetch_related(
        Prefetch("participating_organizations", queryset=Organization.objects.order_by("name")),
        Prefetch("participants", queryset=participants_visible(user)),
        Prefetch(
            "action_items",
            queryset=ActionItem.objects.select_related("owner_organization", "carried_over_from"),
        ),
    )
    return get_object_or_404(engagements, uid=uid)


def engagement_lookup(*, user: User, uid: UUID | str) -> StakeholderEngagement:
    """The engagement if `user` may see it (404 otherwise), without its details: for routes
    nested under it."""
    return get_object_or_404(_engagements(user), uid=uid)


def participant_list(*, user: User, engagement: StakeholderEngagement) -> QuerySet[EngagementParticipant]:
    return participants_visible(user).filter(engagement=engagement)


def participant_get(*, user: User, uid: UUID | str) -> EngagementParticipant:
    return get_object_or_404(participants_visible(user), uid=uid)


def _action_items(user: User) -> QuerySet[ActionItem]:
    """Action items of the engagements `user` sees, and any their own organization owns."""
    items = ActionItem.objects.select_related("engagement", "owner_organization", "carried_over_from")
    if not is_own_mao_scoped(user, Area.REGISTRY):
        return scoped(items, user, Area.REGISTRY)
    return items.filter(
        Q(engagement__in=_engagements(user).values("pk")) | Q(owner_organization=user.organization_id)
    )


def action_item_list(*, user: User, engagement: StakeholderEngagement) -> QuerySet[ActionItem]:
    return _action_items(user).filter(engagement=engagement)


def action_item_get(*, user: User, uid: UUID | str) -> ActionItem:
    return get_object_or_404(_action_items(user), uid=uid)
