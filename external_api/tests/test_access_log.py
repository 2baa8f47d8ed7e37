"""The access log: every partner call is recorded (refusals too), rows cannot be changed or
deleted by the app, the admin or SQL, only pruned by age; partners read their own."""

import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.models import Role
from common.tests.factories import UserFactory
from external_api.models import AccessLogEntry, AppendOnlyViolation, Direction
from external_api.services.access_log import MAX_LISTED_IDS, access_log_prune, records_digest
from monitoring.tests.factories import PpaFactory

pytestmark = pytest.mark.django_db


def test_every_partner_call_is_recorded_with_what_was_read(partner, ppas, settings):
    settings.NUM_PROXIES = 1
    response = partner.get(
        "/api/v1/external/ppas/?fiscal_year=2025", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.20"
    )
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(endpoint="api-external:ppas-list")
    assert entry.partner == partner.organization and entry.client == partner.profile
    assert entry.oauth_client_id == partner.profile.application.client_id
    assert entry.agreement == partner.agreement
    assert entry.filters == {"fiscal_year": "2025"} and entry.status_code == 200
    assert entry.record_count == 3 and sorted(entry.record_ids) == sorted(str(p.uid) for p in ppas)
    assert entry.client_ip == "198.51.100.20"  # the one client_ip rule, not the forged hop
    assert entry.direction == Direction.PULL


def test_refused_calls_are_recorded_too(make_partner):
    partner = make_partner(classification=None)
    assert partner.get("/api/v1/external/communities/").status_code == 403
    entry = AccessLogEntry.objects.get(endpoint="api-external:communities-list")
    assert entry.status_code == 403 and entry.record_count == 0 and entry.agreement is None


def test_large_pages_keep_a_digest_of_their_ids(partner):
    ppas = [PpaFactory() for _ in range(MAX_LISTED_IDS + 1)]
    body = partner.get("/api/v1/external/ppas/?page_size=500").json()
    entry = AccessLogEntry.objects.get(endpoint="api-external:ppas-list")
    assert entry.record_count == len(ppas) and entry.record_ids == []
    assert entry.records_digest == records_digest([row["uid"] for row in body["results"]])


def test_the_log_cannot_be_changed_or_deleted_by_the_app(partner):
    partner.get("/api/v1/external/whoami/")
    entry = AccessLogEntry.objects.get()
    entry.status_code = 200
    with pytest.raises(AppendOnlyViolation):
        entry.save()
    with pytest.raises(AppendOnlyViolation):
        entry.delete()
    with pytest.raises(AppendOnlyViolation):
        AccessLogEntry.objects.update(status_code=500)
    with pytest.raises(AppendOnlyViolation):
        AccessLogEntry.objects.all().delete()


def test_the_database_refuses_changes_made_around_the_app(partner):
    partner.get("/api/v1/external/whoami/")
    for statement in (
        "UPDATE external_api_accesslogentry SET status_code = 500",
        "DELETE FROM external_api_accesslogentry",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AccessLogEntry.objects.get().status_code == 200


def test_the_admin_shows_the_log_read_only():
    admin = site._registry[AccessLogEntry]
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(role=Role.OOBC_EXECUTIVE, is_staff=True, is_superuser=True)
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


def test_prune_removes_only_rows_past_retention(partner, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    partner.get("/api/v1/external/whoami/")
    partner.get("/api/v1/external/whoami/")
    assert access_log_prune(now=timezone.now() + dt.timedelta(days=29)) == 0
    assert access_log_prune(now=timezone.now() + dt.timedelta(days=31)) == 2
    assert not AccessLogEntry.objects.exists()


def test_a_partner_reads_its_own_log_only(make_partner):
    mine = make_partner(name="DSWD")
    theirs = make_partner(name="DOH")
    theirs.get("/api/v1/external/ppas/")
    mine.get("/api/v1/external/ppas/")
    rows = mine.get("/api/v1/external/access-log/").json()["results"]
    assert [row["endpoint"] for row in rows] == ["api-external:ppas-list"]
    assert rows[0]["agreement"] == str(mine.agreement.uid)
    assert "partner_id" not in rows[0] and "id" in rows[0]


def _queries(partner, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        partner.get(url)
    return len(queries)


def test_the_access_log_list_queries_do_not_grow_with_rows(partner):
    for _ in range(3):
        partner.get("/api/v1/external/ppas/")
    few = _queries(partner, "/api/v1/external/access-log/")
    for _ in range(20):
        partner.get("/api/v1/external/ppas/")
    assert _queries(partner, "/api/v1/external/access-log/") == few
