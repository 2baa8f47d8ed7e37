"""What the admin and staff page tests check the same way: pages open, query counts stay
flat as rows grow, htmx requests get only the partial."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.models import Role
from common.tests.factories import UserFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
# The registry pages answer these roles (matrix: Area.REGISTRY) and refuse the others.
READERS = [Role.OOBC_EXECUTIVE, Role.OOBC_STAFF, Role.OCM_EXECUTIVE, Role.MAO_FOCAL]
OUTSIDERS = [Role.COMMUNITY_LEADER, Role.EXTERNAL_PARTNER]
MISSING_UID = "6b0e5a0e-4e4b-4a4e-9a4e-000000000000"


def admin_superuser():
    return UserFactory(role=Role.OOBC_EXECUTIVE, is_staff=True, is_superuser=True)


def admin_url(model, page: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def assert_admin_pages_open(client, model) -> None:
    """Changelist (also searched), add page and the change page of one row answer 200."""
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"no {model.__name__} to open"
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "changelist") + "?q=a",
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ):
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"


def assert_admin_works_for(client, model, add_rows) -> None:
    """With a few rows, every admin page of `model` opens; with more rows, its changelist
    runs the same number of queries."""
    client.force_login(admin_superuser())
    add_rows(2)
    assert_admin_pages_open(client, model)
    few = changelist_query_count(client, model)
    add_rows(6)
    assert changelist_query_count(client, model) == few


def query_count(client, url: str, **headers) -> int:
    """How many queries one GET of `url` runs (it must answer 200). Session reads are left
    out: the session lives in the Redis cache first, and whether that read reaches the
    database depends on the cache, not on the page."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    return sum(1 for query in queries.captured_queries if '"django_session"' not in query["sql"])


def changelist_query_count(client, model) -> int:
    return query_count(client, admin_url(model, "changelist"))


def signed_in(client, role: Role, **fields):
    """Sign `client` in as a new user of `role`; returns the user."""
    user = UserFactory(role=role, **fields)
    client.force_login(user)
    return user


def signed_in_focal_person(client):
    """A signed-in MAO focal person, their own MAO, and another MAO."""
    from coordination.tests.factories import OrganizationFactory

    user = signed_in(client, Role.MAO_FOCAL)
    return user, user.organization, OrganizationFactory()


def rows(response) -> int:
    """How many data rows (a row header each) the page's tables show."""
    return len(re.findall(r'<th scope="row"', response.content.decode()))


def assert_partial_only(response, marker: str) -> None:
    """An htmx answer: the fragment holding `marker`, without the page around it."""
    body = response.content.decode()
    assert response.status_code == 200
    assert marker in body
    assert "<html" not in body and "<header" not in body


def assert_full_page(response, marker: str) -> None:
    body = response.content.decode()
    assert response.status_code == 200
    assert marker in body
    assert "<html" in body and "site-header" in body
