"""`make bench`: run every benchmark in bench/ against PostgreSQL and print the results.

Each `bench/bench_*.py` module defines `run(report: Report) -> None` and adds lines with
`report.row(...)`. The benchmarks use their own database (`<DATABASE_URL name>_bench`),
migrated here, so they never touch development or test data. Targets are printed next to
the measurements; nothing here is a test assertion (the suite has no timing asserts).
"""

import importlib
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/obcms")
    base, _, name = url.rpartition("/")
    return f"{base}/{name.split('?')[0]}_bench"


@dataclass
class Report:
    rows: list[tuple[str, str, str]] = field(default_factory=list)

    def row(self, what: str, measured: str, target: str = "") -> None:
        self.rows.append((what, measured, target))
        print(f"  {what:<66} {measured:>18}   {target}", flush=True)


def main(selected: list[str]) -> int:
    os.environ["DATABASE_URL"] = _bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "obc_management.settings.base")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    import gc

    # As obc_management/wsgi.py does in each web process: what loading Django created is not
    # rescanned by every full collection, so in-process timings match the served ones.
    gc.freeze()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print("Benchmarks run on PostgreSQL: set DATABASE_URL (make bench does).")
        return 1
    _create_database_if_missing()
    call_command("migrate", verbosity=0)
    modules = sorted(path.stem for path in (REPO / "bench").glob("bench_*.py"))
    if selected:
        modules = [name for name in modules if any(part in name for part in selected)]
    report = Report()
    for name in modules:
        print(f"\n== {name}", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"bench.{name}").run(report)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    return 0


def _create_database_if_missing() -> None:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{db["NAME"]}"')


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
