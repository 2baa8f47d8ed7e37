"""The permission matrix: one declarative table, enforced in one place.

Every route declares an `AccessRule`; the decorators below (HTMX and form views) and
`MatrixPermission` (DRF views) enforce it against `PERMISSION_MATRIX`. A route with no
rule is refused (deny by default), and tests/test_route_matrix.py fails for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from common.models import Role


class Area(StrEnum):
    MEETINGS = "meetings"
    CATALOG = "catalog"
    DASHBOARD = "dashboard"
    REPORTS = "reports"
    PORTAL = "portal"
    EXTERNAL_API = "external_api"
    # Not a column of the design's matrix: the core register (PPAs, communities, MAOs,
    # engagements) that every feature reads. Granted like meetings.
    REGISTRY = "registry"


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"
    MANAGE = "manage"  # configure, administer, delete


class Scope(StrEnum):
    ALL = "all"
    OWN_MAO = "own_mao"  # only rows of the user's own MAO; others answer 404
    OWN = "own"  # only the user's own rows (community leaders' requests)
    SCOPED = "scoped"  # external partners: limited further by OAuth scopes


@dataclass(frozen=True)
class Grant:
    actions: frozenset[Action]
    scope: Scope = Scope.ALL

    def allows(self, action: Action) -> bool:
        return action in self.actions


VIEW = frozenset({Action.VIEW})
EDIT = frozenset({Action.VIEW, Action.CHANGE})
FULL = frozenset({Action.VIEW, Action.CHANGE, Action.MANAGE})

# ARCHITECTURE.md §1, row by row. A role missing from an area has no access to it.
PERMISSION_MATRIX: dict[Area, dict[Role, Grant]] = {
    Area.MEETINGS: {
        Role.OOBC_EXECUTIVE: Grant(FULL),
        Role.OOBC_STAFF: Grant(EDIT),
        Role.OCM_EXECUTIVE: Grant(VIEW),
        Role.MAO_FOCAL: Grant(EDIT, Scope.OWN_MAO),
    },
    Area.CATALOG: {
        Role.OOBC_EXECUTIVE: Grant(FULL),
        Role.OOBC_STAFF: Grant(FULL),
        Role.OCM_EXECUTIVE: Grant(VIEW),
        Role.MAO_FOCAL: Grant(EDIT, Scope.OWN_MAO),
        Role.COMMUNITY_LEADER: Grant(VIEW),
    },
    Area.DASHBOARD: {
        Role.OOBC_EXECUTIVE: Grant(FULL),
        Role.OOBC_STAFF: Grant(VIEW),
        Role.OCM_EXECUTIVE: Grant(VIEW),
    },
    Area.REPORTS: {
        Role.OOBC_EXECUTIVE: Grant(FULL),
        Role.OOBC_STAFF: Grant(EDIT),
        Role.OCM_EXECUTIVE: Grant(VIEW),
        Role.MAO_FOCAL: Grant(EDIT, Scope.OWN_MAO),
    },
    Area.PORTAL: {
        Role.OOBC_EXECUTIVE: Grant(FULL),
        Role.OOBC_STAFF: Grant(FULL),
        Role.COMMUNITY_LEADER: Grant(EDIT, Scope.OWN),
    },
    Area.EXTERNAL_API: {
        Role.OOBC_EXECUTIVE: Grant(FULL),
        Role.EXTERNAL_PARTNER: Grant(VIEW, Scope.SCOPED),
    },
    Area.REGISTRY: {
        Role.OOBC_EXECUTIVE: Grant(FULL),
        Role.OOBC_STAFF: Grant(EDIT),
        Role.OCM_EXECUTIVE: Grant(VIEW),
        Role.MAO_FOCAL: Grant(EDIT, Scope.OWN_MAO),
    },
}


def grant_for(user, area: Area) -> Grant | None:
    if user is None or not user.is_authenticated or not user.is_active or not user.role:
        return None
    return PERMISSION_MATRIX[area].get(Role(user.role))


def has_access(user, area: Area, action: Action = Action.VIEW) -> bool:
    """May the user do `action` somewhere in `area` (a route's question: may they open it)."""
    grant = grant_for(user, area)
    return grant is not None and grant.allows(action)


# --- The write guard: may this user do this action here ---------------------------------


def can(
    user,
    area: Area,
    action: Action = Action.VIEW,
    *,
    organization_id: int | None = None,
    owner_id: int | None = None,
) -> bool:
    """May `user` do `action` in `area` on a row of MAO `organization_id` / owned by `owner_id`?

    Grants over all rows answer yes whatever the target. An own-MAO grant answers yes only
    for a row of the user's own organization, an own-rows grant only for a row the user
    owns. With no target named the question is "over the whole area", which only grants
    over all rows answer yes to (has_access answers "anywhere in the area")."""
    grant = grant_for(user, area)
    if grant is None or not grant.allows(action):
        return False
    if grant.scope in (Scope.ALL, Scope.SCOPED):
        # SCOPED: external partners' further limits are their OAuth scopes, checked by the API.
        return True
    if grant.scope is Scope.OWN_MAO:
        return organization_id is not None and organization_id == user.organization_id
    if grant.scope is Scope.OWN:
        return owner_id is not None and owner_id == user.pk
    return False


def ensure_can(
    user,
    area: Area,
    action: Action,
    *,
    organization_id: int | None = None,
    owner_id: int | None = None,
    message: str | None = None,
) -> None:
    """`can(...)` or PermissionDenied: the first line of every service that writes."""
    if not can(user, area, action, organization_id=organization_id, owner_id=owner_id):
        raise PermissionDenied(message or "You may not do this.")


# --- Access rules: what a route declares ------------------------------------------------


class RuleKind(StrEnum):
    PUBLIC = "public"  # anyone, no login
    AUTHENTICATED = "authenticated"  # any signed-in active user with a role, partners excepted
    AREA = "area"  # the matrix decides
    ADMIN = "admin"  # Django admin: is_staff accounts only
    METRICS = "metrics"  # OOBC executives or the scraper's host


@dataclass(frozen=True)
class AccessRule:
    kind: RuleKind
    area: Area | None = None
    action: Action = Action.VIEW

    def allows(self, user) -> bool:
        if self.kind is RuleKind.PUBLIC:
            return True
        if self.kind is RuleKind.AUTHENTICATED:
            # Partners use the API with OAuth tokens only, never the pages or the staff API.
            return bool(
                user
                and user.is_authenticated
                and user.is_active
                and user.role
                and user.role != Role.EXTERNAL_PARTNER
            )
        if self.kind is RuleKind.ADMIN:
            return bool(user and user.is_authenticated and user.is_active and user.is_staff)
        if self.kind is RuleKind.METRICS:
            return bool(
                user and user.is_authenticated and user.is_active and user.role == Role.OOBC_EXECUTIVE
            )
        return has_access(user, self.area, self.action)


PUBLIC = AccessRule(RuleKind.PUBLIC)
AUTHENTICATED = AccessRule(RuleKind.AUTHENTICATED)
ADMIN = AccessRule(RuleKind.ADMIN)
METRICS = AccessRule(RuleKind.METRICS)


def area_rule(area: Area, action: Action = Action.VIEW) -> AccessRule:
    return AccessRule(RuleKind.AREA, area, action)


# --- Enforcement for Django (HTMX and form) views --------------------------------------


def _enforce(rule: AccessRule, request) -> None:
    """Raise or redirect when the request may not use a route under `rule`."""
    if rule.allows(request.user):
        return
    if not request.user.is_authenticated:
        raise _LoginRequired
    raise PermissionDenied


class _LoginRequired(Exception):
    pass


def requires(rule: AccessRule) -> Callable:
    """Decorate a view with its access rule. Anonymous users go to the login page; signed-in
    users without the grant get the styled 403 page."""

    def decorator(view_func):
        @wraps(view_func)
        def wrapped(request, *args, **kwargs):
            try:
                _enforce(rule, request)
            except _LoginRequired:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            return view_func(request, *args, **kwargs)

        wrapped.access_rule = rule
        return wrapped

    return decorator


def public(view_func):
    """Mark a view as open to anyone, explicitly (so the route matrix knows it was meant)."""
    view_func.access_rule = PUBLIC
    return view_func


def area_required(area: Area, action: Action = Action.VIEW) -> Callable:
    return requires(area_rule(area, action))


# --- Enforcement for DRF views ---------------------------------------------------------


class DenyAll(BasePermission):
    """The default for every API view: a view that declares no rule answers to nobody."""

    def has_permission(self, request, view) -> bool:
        return False


class MatrixPermission(BasePermission):
    """Enforces the view's `access_rule`; writes need CHANGE unless the view names its own
    `write_action`."""

    def has_permission(self, request, view) -> bool:
        rule: AccessRule | None = getattr(view, "access_rule", None)
        if rule is None:
            return False
        if rule.kind is RuleKind.AREA and request.method not in ("GET", "HEAD", "OPTIONS"):
            rule = AccessRule(rule.kind, rule.area, getattr(view, "write_action", Action.CHANGE))
        return rule.allows(request.user)


def rule_of(callback) -> AccessRule | None:
    """The access rule a URL callback declares (function views and DRF class views alike)."""
    rule = getattr(callback, "access_rule", None)
    if rule is None and hasattr(callback, "cls"):
        rule = getattr(callback.cls, "access_rule", None)
    if rule is None and hasattr(callback, "view_class"):
        rule = getattr(callback.view_class, "access_rule", None)
    return rule
