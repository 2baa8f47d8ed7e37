"""Reference data (real MAOs, their PPAs, ...), loaded by the app that owns each table.

Each app registers a loader (in its AppConfig.ready) that takes the fiscal year and returns
lines to print; `manage.py load_reference_data` runs them in order, so `common` imports no
app above it. Loaders must be idempotent and leave staff edits alone.
"""

from collections.abc import Callable

ReferenceLoader = Callable[[int], list[str]]
_LOADERS: list[tuple[int, str, ReferenceLoader]] = []
DEFAULT_REFERENCE_YEAR = 2025  # the fiscal year of the GAAB the reference PPAs come from


def register(name: str, loader: ReferenceLoader, *, order: int = 100) -> None:
    if all(existing != name for _, existing, _ in _LOADERS):
        _LOADERS.append((order, name, loader))


def loaders() -> list[tuple[str, ReferenceLoader]]:
    return [(name, loader) for _, name, loader in sorted(_LOADERS, key=lambda entry: entry[0])]
