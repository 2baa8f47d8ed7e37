"""The staff navigation, built from the permission matrix.

Feature apps add their entries from their AppConfig.ready() with `register`, so the core
never imports a feature app and the header only shows what the user may open.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from common.permissions import AccessRule


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    rule: AccessRule
    description: str = ""
    order: int = 100

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


_REGISTRY: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _REGISTRY[item.url_name] = item


def items_for(user) -> list[NavItem]:
    return sorted(
        (item for item in _REGISTRY.values() if item.rule.allows(user)), key=lambda item: item.order
    )
