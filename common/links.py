"""Where a record lives when a higher app owns its page.

A quarterly meeting is a `coordination` engagement, but its home (RSVP, reports, minutes,
calendar) is the meeting page of `automation`, which coordination may not import. The
owning app registers a resolver from its AppConfig.ready(); a lower app's page asks
`home_url(obj)` and links there instead of showing a second, poorer copy."""

from collections.abc import Callable

_RESOLVERS: dict[str, list[Callable[[object], str | None]]] = {}


def register_home(model_label: str, resolver: Callable[[object], str | None]) -> None:
    """`model_label` as in `app_label.ModelName`; the resolver answers a URL or None."""
    resolvers = _RESOLVERS.setdefault(model_label.lower(), [])
    if resolver not in resolvers:
        resolvers.append(resolver)


def home_url(obj) -> str | None:
    for resolver in _RESOLVERS.get(obj._meta.label_lower, []):
        url = resolver(obj)
        if url:
            return url
    return None
