"""Every URL pattern of the project, with what the route matrix test needs to call it."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # namespaced URL name, e.g. "api-internal:me"
    pattern: str  # the full route, e.g. "api/v1/internal/me/"
    callback: object
    params: tuple[str, ...]

    @property
    def namespace(self) -> str:
        return self.name.split(":")[0] if ":" in self.name else ""


def _walk(patterns, prefix: str, namespace: str | None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part) or None
            outer = tuple(entry.pattern.regex.groupindex)
            for route in _walk(entry.url_patterns, prefix + str(entry.pattern), inner):
                yield (
                    Route(route.name, route.pattern, route.callback, outer + route.params) if outer else route
                )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            # Named groups cover both path() converters and re_path() patterns.
            params = tuple(entry.pattern.regex.groupindex)
            yield Route(
                name=name, pattern=prefix + str(entry.pattern), callback=entry.callback, params=params
            )


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", None))


def project_routes() -> list[Route]:
    """Everything but Django admin, which guards itself (AdminSite.admin_view) and is tested apart."""
    return [route for route in all_routes() if route.namespace != "admin"]
