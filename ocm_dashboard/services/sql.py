"""Database functions the ORM lacks, for the two databases OBCMS runs on."""

from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import Aggregate, JSONField


class JSONGroupArray(Aggregate):
    """SQLite's json_group_array (SQLite before 3.44 cannot order inside an aggregate)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()


def json_array_agg(vendor: str, expression, *, order_by=()) -> Aggregate:
    """A JSON array of `expression` over the group, ordered where the database can."""
    if vendor == "postgresql":
        return JSONBAgg(expression, order_by=order_by)
    return JSONGroupArray(expression)
