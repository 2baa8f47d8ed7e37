"""Demo data, assembled from every app.

Each app registers a seeder (in its AppConfig.ready) that loads its part of the demo and
returns lines to print. `manage.py seed_demo` runs them in registration order, so the core
never imports a feature app. Seeders must be idempotent and deterministic.
"""

from collections.abc import Callable

DemoSeeder = Callable[[], list[str]]
_SEEDERS: list[tuple[int, str, DemoSeeder]] = []


def register(name: str, seeder: DemoSeeder, *, order: int = 100) -> None:
    if all(existing != name for _, existing, _ in _SEEDERS):
        _SEEDERS.append((order, name, seeder))


def seeders() -> list[tuple[str, DemoSeeder]]:
    return [(name, seeder) for _, name, seeder in sorted(_SEEDERS, key=lambda entry: entry[0])]
