"""Named extension points: how a lower app shows what a higher app knows, without importing it.

The layering (docs/architecture.md) lets an app import only apps below it. When a lower
app's page or query needs a higher app's data (coordination's MAO pages show the MAO's PPAs,
which monitoring owns), the lower app names an extension point and the higher app provides
it from its AppConfig.ready(). Like common.navigation and common.demo, filled at start-up.
"""

from collections.abc import Callable
from typing import Any

_PROVIDERS: dict[str, Callable[..., Any]] = {}


def provide(name: str, provider: Callable[..., Any]) -> None:
    _PROVIDERS[name] = provider


def provided(name: str, default: Callable[..., Any] | None = None) -> Callable[..., Any]:
    """The provider of `name`; `default` (or an error naming the point) when none is installed."""
    if name in _PROVIDERS:
        return _PROVIDERS[name]
    if default is not None:
        return default
    raise LookupError(f"No app provides the extension point {name!r}.")
