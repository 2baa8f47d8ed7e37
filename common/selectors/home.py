"""Reads of the common app."""

from collections.abc import Callable
from dataclasses import dataclass, field

from common.models import Role
from common.navigation import NavItem, items_for
from common.permissions import PERMISSION_MATRIX, Action, Area, Scope

AREA_LABELS = {
    Area.MEETINGS: "Coordination meetings",
    Area.CATALOG: "Service catalog",
    Area.DASHBOARD: "OCM oversight dashboard",
    Area.REPORTS: "Reports",
    Area.PORTAL: "Community portal",
    Area.EXTERNAL_API: "Partner API",
    Area.REGISTRY: "PPAs, communities and MAOs",
}
SCOPE_LABELS = {
    Scope.ALL: "all MAOs",
    Scope.OWN_MAO: "your own MAO only",
    Scope.OWN: "your own submissions",
    Scope.SCOPED: "the scopes granted to your client",
}
ACTION_LABELS = {Action.VIEW: "view", Action.CHANGE: "edit", Action.MANAGE: "manage"}


@dataclass(frozen=True)
class AccessSummary:
    area: str
    can: str
    scope: str


@dataclass(frozen=True)
class PendingItem:
    """One thing that needs the user today, with where to do it."""

    label: str
    url: str
    detail: str = ""
    urgent: bool = False  # past a deadline: shown first, marked


# Each app answers "what of mine needs this user?" (registered from its AppConfig.ready(), so
# common imports none of them). A provider returns [] for a role it has nothing for.
PendingProvider = Callable[[object], list[PendingItem]]
_PENDING: list[tuple[int, PendingProvider]] = []


def register_pending(provider: PendingProvider, *, order: int = 100) -> None:
    if all(existing is not provider for _, existing in _PENDING):
        _PENDING.append((order, provider))
        _PENDING.sort(key=lambda entry: entry[0])


def pending_work_for(user) -> list[PendingItem]:
    """Everything the user's role has to act on, urgent first, in the apps' order."""
    items = [item for _, provider in _PENDING for item in provider(user)]
    return sorted(items, key=lambda item: not item.urgent)


@dataclass(frozen=True)
class HomeSections:
    role_label: str
    access: list[AccessSummary]
    links: list[NavItem]
    pending: list[PendingItem] = field(default_factory=list)


def access_summary_for(user) -> list[AccessSummary]:
    """What the user's role may do in each area, in words, straight from the matrix."""
    if not user.role:
        return []
    role = Role(user.role)
    rows = []
    for area, grants in PERMISSION_MATRIX.items():
        grant = grants.get(role)
        if grant is None:
            continue
        can = ", ".join(ACTION_LABELS[action] for action in Action if action in grant.actions)
        rows.append(AccessSummary(area=AREA_LABELS[area], can=can, scope=SCOPE_LABELS[grant.scope]))
    return rows


def home_sections_for(user) -> HomeSections:
    role_label = Role(user.role).label if user.role else ""
    return HomeSections(
        role_label=role_label,
        access=access_summary_for(user),
        links=items_for(user),
        pending=pending_work_for(user),
    )
