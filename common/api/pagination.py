"""Pagination for the APIs.

`StandardPagination` (page numbers) suits short lists. Lists that can grow to a million
rows page by keyset instead: the next page starts after the last row's sort values, so a
page costs the same at the end of the list as at its start, rows inserted while a client
pages sort either before its cursor or after it (never skipped, never repeated), and no
page counts the whole table. The keyset helpers below are the one implementation; the
partner API's sync pages (external_api) and the internal PPA list (`KeysetPagination`)
both use them.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Field, Func, Q, QuerySet, Value
from django.db.models.lookups import GreaterThan, LessThan
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from common.counting import COUNT_LIMIT, count_up_to
from common.errors import ApplicationError


class StandardPagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200


# --- Keyset helpers --------------------------------------------------------------------


def _plain(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def keyset_encode(values: Sequence) -> str:
    """An opaque cursor for the sort values of a row (URL-safe base64 of a JSON list)."""
    raw = json.dumps([_plain(value) for value in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def keyset_decode(cursor: str, length: int | None = None) -> list:
    """The JSON list inside a cursor; ApplicationError (field `cursor`) for anything else."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise invalid_cursor() from exc
    if not isinstance(values, list) or (length is not None and len(values) != length):
        raise invalid_cursor()
    return values


def invalid_cursor() -> ApplicationError:
    return ApplicationError(_("This cursor is not one we issued; start again without it."), field="cursor")


def keyset_ordering(ordering: Sequence[str]) -> list[tuple[str, bool]]:
    """("-fiscal_year", "title", "pk") as [("fiscal_year", True), ("title", False), ("pk", False)]."""
    return [(name.lstrip("-"), name.startswith("-")) for name in ordering]


def keyset_after(queryset: QuerySet, ordering: Sequence[str], after: Sequence | None) -> QuerySet:
    """`queryset` in `ordering` (which must end with a unique field), starting after the row
    whose sort values are `after` (from the first row when None).

    With every field in one direction the condition is a row comparison, which an index on
    the fields seeks to. With mixed directions it is the lexicographic "comes after" written
    out field by field; its first field also bounds the scan on its own, which lets the
    index of the ordering start near the cursor instead of at the first row."""
    queryset = queryset.order_by(*ordering)
    if after is None:
        return queryset
    fields = keyset_ordering(ordering)
    if len({descending for _name, descending in fields}) == 1:
        # One direction: the row comparison (a, b) > (x, y) is what an index on (a, b) seeks
        # to directly, so a page deep inside a run of equal first values (a bulk import's
        # shared updated_at) costs what the first page does. PostgreSQL and SQLite both
        # compare row values.
        compare = LessThan if fields[0][1] else GreaterThan
        row = {"template": "(%(expressions)s)", "output_field": Field()}
        columns = Func(*[F(name) for name, _descending in fields], **row)
        cursor = Func(*[Value(value) for value in after], **row)
        return queryset.filter(compare(columns, cursor))
    later = Q()
    for position, (name, descending) in enumerate(fields):
        step = Q(**{f"{name}__{'lt' if descending else 'gt'}": after[position]})
        for earlier, (earlier_name, _descending) in enumerate(fields[:position]):
            step &= Q(**{earlier_name: after[earlier]})
        later |= step
    first, descending = fields[0]
    bound = Q(**{f"{first}__{'lte' if descending else 'gte'}": after[0]})
    return queryset.filter(bound & later)


def _field_values(queryset: QuerySet, ordering: Sequence[str], values: list) -> list:
    """The cursor's JSON values as the model fields' Python values (400 when they do not fit)."""
    model = queryset.model
    typed = []
    for (name, _descending), value in zip(keyset_ordering(ordering), values, strict=True):
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        try:
            typed.append(field.to_python(value))
        except (DjangoValidationError, TypeError, ValueError) as exc:
            raise invalid_cursor() from exc
    return typed


# --- DRF pagination --------------------------------------------------------------------


class KeysetPagination(BasePagination):
    """Cursor pages for lists that grow without bound, in the view's ordering (any ordering
    the view allows; the primary key is appended so it is total).

    The answer: `results`, `next` (the URL of the next page, or null), `next_cursor`, and
    `count` with `count_exact`: the exact number of matching rows when it is at most
    COUNT_LIMIT (counting stops there, so a page never counts a million rows), else
    COUNT_LIMIT with `count_exact` false ("more than")."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "cursor"
    count_limit = COUNT_LIMIT

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list:
        self.request = request
        self.page_size = self.get_page_size(request)
        ordering = [str(name) for name in queryset.query.order_by] or ["pk"]
        if ordering[-1].lstrip("-") not in ("pk", "id"):
            ordering.append("pk")
        self.ordering = ordering
        cursor = request.query_params.get(self.cursor_query_param)
        after = None
        if cursor:
            stored = keyset_decode(cursor, length=2)
            if stored[0] != ordering:
                raise ApplicationError(
                    _("This cursor belongs to another ordering; start again without it."), field="cursor"
                )
            if not isinstance(stored[1], list) or len(stored[1]) != len(ordering):
                raise invalid_cursor()
            after = _field_values(queryset, ordering, stored[1])
        self.count = count_up_to(queryset, self.count_limit)
        rows = list(keyset_after(queryset, ordering, after)[: self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        rows = rows[: self.page_size]
        self.next_cursor = None
        if self.has_next and rows:
            last = rows[-1]
            values = [getattr(last, name) for name, _descending in keyset_ordering(ordering)]
            self.next_cursor = keyset_encode([ordering, [_plain(value) for value in values]])
        return rows

    def get_page_size(self, request) -> int:
        value = request.query_params.get(self.page_size_query_param)
        if not value:
            return self.page_size
        try:
            size = int(value)
        except ValueError:
            size = 0
        if size < 1:
            raise ApplicationError(_("page_size must be a whole number from 1."), field="page_size")
        return min(size, self.max_page_size)

    def get_next_link(self) -> str | None:
        if not self.next_cursor:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(remove_query_param(url, "page"), self.cursor_query_param, self.next_cursor)

    def get_paginated_response(self, data) -> Response:
        exact = self.count <= self.count_limit
        return Response(
            OrderedDict(
                [
                    ("count", min(self.count, self.count_limit)),
                    ("count_exact", exact),
                    ("next", self.get_next_link()),
                    ("next_cursor", self.next_cursor),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["count", "count_exact", "next", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": f"Matching rows, counted up to {self.count_limit:,}.",
                },
                "count_exact": {
                    "type": "boolean",
                    "description": f"False when more than {self.count_limit:,} rows match.",
                },
                "next": {"type": "string", "format": "uri", "nullable": True},
                "next_cursor": {"type": "string", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The next_cursor of the previous page (pages are keyset pages).",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (at most {self.max_page_size}).",
                "schema": {"type": "integer"},
            },
        ]
