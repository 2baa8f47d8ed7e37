"""Row-level scoping from the permission matrix: one place decides which rows a user sees.

Selectors call `scoped(queryset, user, area, mao_field=...)`. Grants with scope ALL see
everything; OWN_MAO sees rows whose `mao_field` is the user's organization; OWN sees rows
whose `owner_field` is the user; no grant sees nothing. Fetching one object through a
scoped queryset makes another MAO's object a plain 404, never a 403 that would leak it.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from common.permissions import Area, Scope, grant_for


def scoped(
    queryset: QuerySet, user, area: Area, *, mao_field: str | None = None, owner_field: str | None = None
) -> QuerySet:
    grant = grant_for(user, area)
    if grant is None:
        return queryset.none()
    if grant.scope is Scope.ALL:
        return queryset
    if grant.scope is Scope.OWN_MAO and mao_field and user.organization_id:
        return queryset.filter(**{mao_field: user.organization_id})
    if grant.scope is Scope.OWN and owner_field:
        return queryset.filter(**{owner_field: user.pk})
    return queryset.none()


def scoped_get(queryset: QuerySet, user, area: Area, *, mao_field: str | None = None, **lookup):
    """One object the user may see, or Http404."""
    return get_object_or_404(scoped(queryset, user, area, mao_field=mao_field), **lookup)


def is_own_mao_scoped(user, area: Area) -> bool:
    grant = grant_for(user, area)
    return grant is not None and grant.scope is Scope.OWN_MAO
