"""Reads of OBC communities and their needs.

Communities and needs belong to no MAO: every role with a registry grant reads all of them.
The PPAs shown with a community are scoped like every PPA list (a MAO focal person sees only
their own MAO's).
"""

from collections.abc import Mapping
from uuid import UUID

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from common.filters import CommunityFilter, NeedFilter
from common.models import Community, Need, User
from common.permissions import Action, Area, has_access
from common.scoping import scoped


def _readable(queryset: QuerySet, user: User) -> QuerySet:
    return queryset if has_access(user, Area.REGISTRY, Action.VIEW) else queryset.none()


def _communities(user: User) -> QuerySet[Community]:
    communities = Community.objects.select_related("barangay", "municipality", "province", "region")
    # Explicit order: a GROUP BY query drops the model's default ordering.
    return _readable(communities.annotate(need_count=Count("needs")).order_by("name"), user)


def community_list(*, user: User, filters: Mapping | None = None) -> QuerySet[Community]:
    """Communities with their places and `need_count`."""
    return CommunityFilter(filters, queryset=_communities(user)).qs


def community_get(*, user: User, uid: UUID | str) -> Community:
    """One community with its needs and the PPAs serving it that `user` may see
    (`community.ppas.all()` holds only those), each with its implementing MAO."""
    ppa_model = Community._meta.get_field("ppas").related_model
    visible_ppas = scoped(
        ppa_model.objects.select_related("implementing_mao"),
        user,
        Area.REGISTRY,
        mao_field="implementing_mao",
    )
    communities = _communities(user).prefetch_related(
        Prefetch("needs", queryset=Need.objects.order_by("title")),
        Prefetch("ppas", queryset=visible_ppas),
    )
    return get_object_or_404(communities, uid=uid)


def _needs(user: User) -> QuerySet[Need]:
    return _readable(Need.objects.select_related("community"), user)


def need_list(*, user: User, filters: Mapping | None = None) -> QuerySet[Need]:
    return NeedFilter(filters, queryset=_needs(user)).qs


def need_get(*, user: User, uid: UUID | str) -> Need:
    return get_object_or_404(_needs(user), uid=uid)
