"""Helpers for the internal registry API tests (geography, communities, needs, organizations,
engagements)."""

from collections.abc import Callable

from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from common.models import Role
from tests.helpers import bearer

API = "/api/v1/internal"
# Roles with a registry grant, and roles without one (refused every registry endpoint).
REGISTRY_READERS = [Role.OOBC_EXECUTIVE, Role.OOBC_STAFF, Role.OCM_EXECUTIVE, Role.MAO_FOCAL]
NOT_REGISTRY_READERS = [Role.COMMUNITY_LEADER, Role.EXTERNAL_PARTNER]
WHOLE_REGISTRY_WRITERS = [Role.OOBC_EXECUTIVE, Role.OOBC_STAFF]


def object_url(collection: str, obj, tail: str = "") -> str:
    """/api/v1/internal/<collection>/<uid>/<tail>"""
    return f"{API}/{collection}/{obj.uid}/{tail}"


def api_get(client, user, url: str, **params):
    return client.get(url, params, **bearer(user))


def api_post(client, user, url: str, data: dict):
    return client.post(url, data, format="json", **bearer(user))


def api_patch(client, user, url: str, data: dict):
    return client.patch(url, data, format="json", **bearer(user))


def result_uids(response, key: str = "uid") -> set[str]:
    assert response.status_code == 200, response.content
    return {row[key] for row in response.json()["results"]}


def assert_list_queries_do_not_grow(client, user, url: str, add_rows: Callable[[int], object], **params):
    """The same number of queries for a short page and a longer one (`add_rows(n)` adds n rows
    or more)."""
    add_rows(2)
    with CaptureQueriesContext(connection) as few:
        small = api_get(client, user, url, **params)
    add_rows(10)
    with CaptureQueriesContext(connection) as many:
        large = api_get(client, user, url, **params)
    assert small.status_code == large.status_code == 200, large.content
    assert large.json()["count"] >= small.json()["count"] + 10
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


def refused_by_database(make: Callable[[], object]) -> bool:
    """Whether the database refuses the row(s) `make` writes."""
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False
