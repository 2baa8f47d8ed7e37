"""Counting that stops: a list page never counts a million rows to print its total.

Counting up to COUNT_LIMIT + 1 matching rows reads at most that many index entries, so a
page costs the same whether 10,001 or 1,000,000 rows match; above the limit a page says
"more than 10,000" instead of an exact figure. The staff pages' paginator
(`common.htmx.paginate`) and the API's keyset pages (`common.api.pagination`) share it."""

from django.db.models import QuerySet

COUNT_LIMIT = 10_000


def count_up_to(queryset: QuerySet, limit: int = COUNT_LIMIT) -> int:
    """The number of rows `queryset` matches, or `limit + 1` when there are more than `limit`:
    `SELECT count(*) FROM (SELECT pk … LIMIT limit + 1)`. A grouped, distinct or annotated
    query keeps its own columns: narrowing it to the key would change what a row is."""
    query = queryset.query
    if query.group_by is None and not query.distinct and not query.annotations:
        queryset = queryset.values("pk")
    return queryset.order_by()[: limit + 1].count()
