"""Keyset pages of /api/v1/internal/ppas/: rows inserted (or a filter's rows) between page
reads are neither skipped nor repeated; cursors of another ordering or forged ones are 400;
counts stop at the limit and say so."""

import pytest
from django.urls import reverse

from common.api.pagination import KeysetPagination, keyset_encode
from common.models import Role
from common.tests.factories import UserFactory
from coordination.tests.factories import OrganizationFactory
from monitoring.tests.factories import PpaFactory
from tests.helpers import assert_error_shape, bearer

pytestmark = pytest.mark.django_db

LIST = reverse("api-internal:ppa-list")


def read_all(api_client, headers, params, between=None) -> list[str]:
    """Every page's titles in order, calling `between(page_number)` after each page."""
    titles, url, page = [], LIST, 0
    response = api_client.get(url, params, **headers)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        titles += [row["title"] for row in body["results"]]
        page += 1
        if between:
            between(page)
        if not body["next"]:
            return titles
        response = api_client.get(body["next"], **headers)


@pytest.mark.parametrize("ordering", [None, "title", "-budget_allocated", "progress", "-updated_at"])
def test_cursor_pages_neither_skip_nor_repeat_rows_while_rows_are_inserted(api_client, ordering):
    for index in range(23):
        PpaFactory(
            title=f"PPA {index:02d}",
            fiscal_year=2024 + index % 3,
            budget_allocated=1000 * (index % 4),
            budget_utilized=0,
            progress=index % 5 * 10,
        )
    before = {f"PPA {index:02d}" for index in range(23)}
    inserted = []

    def insert(page_number):
        # Rows sorting before and after the cursor, in every year, on every page turn.
        for year in (2024, 2025, 2026):
            title = f"New {page_number}-{year}"
            PpaFactory(title=title, fiscal_year=year, budget_allocated=500, budget_utilized=0, progress=15)
            inserted.append(title)

    params = {"page_size": 4} | ({"ordering": ordering} if ordering else {})
    titles = read_all(api_client, bearer(UserFactory()), params, between=insert)
    assert len(titles) == len(set(titles)), "a row was repeated"
    assert before <= set(titles), "a row that existed before the first page was skipped"
    assert set(titles) - before <= set(inserted)


def test_cursor_pages_of_a_filtered_list_hold_exactly_its_rows(api_client):
    mao, other = OrganizationFactory(), OrganizationFactory()
    mine = {PpaFactory(implementing_mao=mao, fiscal_year=2025, title=f"M{i}").title for i in range(7)}
    PpaFactory.create_batch(5, implementing_mao=other, fiscal_year=2025)
    PpaFactory.create_batch(3, implementing_mao=mao, fiscal_year=2024)
    params = {"page_size": 3, "fiscal_year": 2025, "implementing_mao": str(mao.uid)}
    assert read_all(api_client, bearer(UserFactory()), params) == sorted(mine)


def test_a_focal_persons_pages_hold_only_their_mao(api_client):
    mao = OrganizationFactory()
    PpaFactory.create_batch(5, implementing_mao=mao)
    PpaFactory.create_batch(4)
    focal = UserFactory(role=Role.MAO_FOCAL, organization=mao)
    titles = read_all(api_client, bearer(focal), {"page_size": 2})
    assert len(titles) == 5


def test_a_forged_cursor_answers_400_naming_the_cursor(api_client):
    PpaFactory.create_batch(3)
    headers = bearer(UserFactory())
    for cursor in ["not-base64!", keyset_encode(["x"]), keyset_encode([["title", "pk"], ["a", "b"]])]:
        response = api_client.get(LIST, {"cursor": cursor}, **headers)
        assert response.status_code == 400, cursor
        assert_error_shape(response, 400, "cursor")


def test_a_cursor_of_another_ordering_answers_400(api_client):
    PpaFactory.create_batch(3)
    headers = bearer(UserFactory())
    first = api_client.get(LIST, {"page_size": 1, "ordering": "title"}, **headers).json()
    response = api_client.get(LIST, {"cursor": first["next_cursor"], "ordering": "progress"}, **headers)
    assert response.status_code == 400
    assert_error_shape(response, 400, "cursor")


def test_a_bad_page_size_answers_400_naming_it(api_client):
    response = api_client.get(LIST, {"page_size": "zero"}, **bearer(UserFactory()))
    assert response.status_code == 400
    assert_error_shape(response, 400, "page_size")


def test_counting_stops_at_the_limit_and_says_so(api_client, monkeypatch):
    monkeypatch.setattr(KeysetPagination, "count_limit", 4)
    PpaFactory.create_batch(6)
    body = api_client.get(LIST, **bearer(UserFactory())).json()
    assert body["count"] == 4 and body["count_exact"] is False
    PpaFactory.create_batch(1)
    monkeypatch.setattr(KeysetPagination, "count_limit", 10)
    body = api_client.get(LIST, **bearer(UserFactory())).json()
    assert body["count"] == 7 and body["count_exact"] is True


@pytest.mark.parametrize(
    "ordering", [["updated_at", "uid"], ["-updated_at", "-uid"], ["-fiscal_year", "title", "pk"]]
)
def test_keyset_pages_through_a_run_of_equal_values_once_each(ordering):
    """A bulk import stamps thousands of rows with one updated_at: pages through such a run
    hold every row once, in either direction and with mixed directions."""
    from django.utils import timezone

    from common.api.pagination import keyset_after, keyset_ordering
    from monitoring.models import MonitoringEntry

    PpaFactory.create_batch(11, fiscal_year=2025, title="Same title")
    MonitoringEntry.objects.update(updated_at=timezone.now())
    rows, after = [], None
    while True:
        page = list(keyset_after(MonitoringEntry.objects.all(), ordering, after)[:4])
        if not page:
            break
        rows += [row.pk for row in page]
        after = [getattr(page[-1], name) for name, _descending in keyset_ordering(ordering)]
    assert sorted(rows) == sorted(MonitoringEntry.objects.values_list("pk", flat=True))
    assert len(rows) == len(set(rows)) == 11


def test_a_one_direction_keyset_is_a_row_comparison_an_index_can_seek_to():
    """(updated_at, uid) > (t, u), not "updated_at >= t and (...or...)": deep inside a run of
    equal updated_at the first form reads the page's rows, the second the whole run first."""
    from common.api.pagination import keyset_after
    from monitoring.models import MonitoringEntry

    ppa = PpaFactory()
    sql = str(
        keyset_after(MonitoringEntry.objects.all(), ["updated_at", "uid"], [ppa.updated_at, ppa.uid]).query
    )
    assert '("monitoring_monitoringentry"."updated_at", "monitoring_monitoringentry"."uid") >' in sql
