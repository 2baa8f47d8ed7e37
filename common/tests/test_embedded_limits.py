"""The embedded default (SQLite) answers huge numbers and huge searches like PostgreSQL: no
row found, never a 500. Tested against a real SQLite database in memory (the suite's own
database is PostgreSQL), then through the pages and the API."""

import sqlite3

import pytest
from django.urls import reverse

from common.filters import SEARCH_MAX_LENGTH, search_text
from common.models import Role
from common.sqlite import sqlite_integers_bounded
from common.tests.factories import UserFactory
from tests.helpers import bearer

HUGE = 10**30


@pytest.fixture
def sqlite_table():
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE region (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO region VALUES (1, 'BARMM')")
    yield connection
    connection.close()
    sqlite3.adapters.pop((int, sqlite3.PrepareProtocol), None)


def test_a_number_beyond_64_bits_finds_no_row_instead_of_overflowing(sqlite_table):
    query = "SELECT name FROM region WHERE id IN (?, ?)"
    with pytest.raises(OverflowError):  # what the embedded default did: a 500
        sqlite_table.execute(query, (HUGE, 1))
    sqlite_integers_bounded()
    assert sqlite_table.execute(query, (HUGE, 1)).fetchall() == [("BARMM",)]
    assert sqlite_table.execute("SELECT name FROM region WHERE id = ?", (-HUGE,)).fetchall() == []
    assert sqlite_table.execute("SELECT name FROM region WHERE id = ?", (1,)).fetchall() == [("BARMM",)]


def test_a_search_is_capped_below_what_sqlites_like_can_take(sqlite_table):
    query = "SELECT name FROM region WHERE name LIKE ?"
    huge = "x" * 50_000
    with pytest.raises(sqlite3.OperationalError, match="too complex"):
        sqlite_table.execute(query, (f"%{huge}%",)).fetchall()
    capped = search_text(huge + "\x00")
    assert len(capped) == SEARCH_MAX_LENGTH and "\x00" not in capped
    assert sqlite_table.execute(query, (f"%{capped}%",)).fetchall() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/internal/ppas/",
        "/api/v1/internal/engagements/",
        "/api/v1/internal/catalog/entries/",
    ],
)
def test_a_50000_character_api_search_is_answered(api_client, url):
    user = UserFactory(role=Role.OOBC_EXECUTIVE)
    response = api_client.get(url, {"search": "rice " * 10_000}, **bearer(user))
    assert response.status_code == 200, response.content[:300]


@pytest.mark.django_db
def test_a_50000_character_page_search_is_answered(client):
    client.force_login(UserFactory(role=Role.OOBC_EXECUTIVE))
    for name in ("service_catalog:home", "monitoring:ppa_list", "communities:community_list"):
        assert client.get(reverse(name), {"q": "x" * 50_000}).status_code == 200, name
