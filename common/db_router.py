"""Send the heavy reads of the dashboard and reports to a replica (DATABASE_REPLICA_URL).

Only code that asks for it reads from the replica (`.using("replica")` in a selector,
through `read_replica()`); everything else, and every write, stays on the primary, so
nobody reads their own write from a lagging copy.
"""

from django.conf import settings


def read_replica() -> str:
    """The database alias for heavy, slightly-stale-tolerant reads."""
    return "replica" if "replica" in settings.DATABASES else "default"


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return None  # primary unless the caller chose the replica explicitly

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
