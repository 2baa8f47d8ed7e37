"""The reports API: the design's paths, scoped by the matrix, UUID ids, 202 with a status URL."""

import uuid

import pytest

from common.models import Role
from common.tests.factories import UserFactory
from reporting.models import GeneratedReport, ReportStatus
from reporting.services.reports import report_generate, report_request
from reporting.tests.factories import FY, focal_user, staff_user, two_maos_with_ppas
from tests.helpers import assert_error_shape, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_generating_answers_202_with_the_reports_id_and_status_url(
    api_client, django_capture_on_commit_callbacks
):
    mao_a, _, _ = two_maos_with_ppas()
    user = staff_user()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/internal/reports/generate/",
            {"kind": "mao_quarterly", "format": "xlsx", "fiscal_year": FY, "mao": str(mao_a.uid)},
            format="json",
            **bearer(user),
        )
    assert response.status_code == 202, response.content
    body = response.json()
    uuid.UUID(body["id"])
    assert body["status_url"] == f"/api/v1/internal/reports/{body['id']}/" == response["Location"]
    status = api_client.get(body["status_url"], **bearer(user)).json()
    assert status["status"] == ReportStatus.DONE and status["progress"] == 100
    download = api_client.get(status["download_url"], **bearer(user))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_bad_input_names_the_field_and_writes_nothing(api_client):
    user = staff_user()
    for payload, field in (
        ({"kind": "mao_quarterly", "format": "exe", "fiscal_year": FY}, "format"),
        ({"kind": "nonsense", "format": "pdf"}, "kind"),
        ({"kind": "mao_quarterly", "format": "pdf", "quarter": 9, "fiscal_year": FY}, "quarter"),
        ({"kind": "mao_quarterly", "format": "pdf"}, "fiscal_year"),
        ({"kind": "mao_quarterly", "format": "pdf", "fiscal_year": FY, "mao": str(uuid.uuid4())}, "mao"),
    ):
        response = api_client.post(
            "/api/v1/internal/reports/generate/", payload, format="json", **bearer(user)
        )
        assert_error_shape(response, 400, field)
    assert not GeneratedReport.objects.exists()


@pytest.mark.parametrize("role", [Role.COMMUNITY_LEADER, Role.OCM_EXECUTIVE])
def test_roles_without_the_change_grant_cannot_generate(api_client, role):
    response = api_client.post(
        "/api/v1/internal/reports/generate/",
        {"kind": "ocm_brief", "format": "pdf", "fiscal_year": FY},
        format="json",
        **bearer(UserFactory(role=role)),
    )
    assert response.status_code == 403
    assert not GeneratedReport.objects.exists()


def test_a_focal_person_sees_only_their_own_maos_reports_and_gets_404_for_others(api_client):
    mao_a, mao_b, _ = two_maos_with_ppas()
    staff = staff_user()
    theirs = report_request(
        acting_user=staff,
        kind="mao_quarterly",
        file_format="pdf",
        parameters={"fiscal_year": FY, "mao": mao_b.uid},
    )
    report_generate(report_id=theirs.pk)
    own = report_request(
        acting_user=staff,
        kind="mao_quarterly",
        file_format="pdf",
        parameters={"fiscal_year": FY, "mao": mao_a.uid},
    )
    focal = focal_user(mao_a)
    listed = api_client.get("/api/v1/internal/reports/", **bearer(focal)).json()
    assert [row["id"] for row in listed["results"]] == [str(own.uid)]
    for path in (
        f"/api/v1/internal/reports/{theirs.uid}/",
        f"/api/v1/internal/reports/{theirs.uid}/download/",
    ):
        assert api_client.get(path, **bearer(focal)).status_code == 404
    assert api_client.get(f"/api/v1/internal/reports/{theirs.uid}/", **bearer(staff)).status_code == 200


def test_the_report_list_costs_the_same_queries_for_one_or_many_reports(
    api_client, django_assert_num_queries
):
    mao_a, _, _ = two_maos_with_ppas()
    staff = staff_user()
    report_request(acting_user=staff, kind="mao_quarterly", file_format="pdf", parameters={"fiscal_year": FY})
    headers = bearer(staff)
    api_client.get("/api/v1/internal/reports/", **headers)  # warm the user and session caches

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/v1/internal/reports/", **headers).status_code == 200
        return len(queries)

    one = count()
    for _ in range(5):
        report_request(
            acting_user=staff,
            kind="mao_quarterly",
            file_format="xlsx",
            parameters={"fiscal_year": FY, "mao": mao_a.uid},
        )
    assert count() == one
    with django_assert_num_queries(one):
        api_client.get("/api/v1/internal/reports/", **headers)


def test_scheduled_lists_the_schedules_the_caller_may_see(api_client):
    from reporting.services.schedules import schedule_create

    mao_a, mao_b, _ = two_maos_with_ppas()
    staff = staff_user()
    for mao in (mao_a, mao_b):
        schedule_create(
            acting_user=staff,
            kind="mao_quarterly",
            name=f"{mao.acronym} quarterly",
            frequency="quarterly",
            offset_days=5,
            formats=["pdf"],
            recipients=[],
            parameters={"mao": mao.uid},
        )
    assert api_client.get("/api/v1/internal/reports/scheduled/", **bearer(staff)).json()["count"] == 2
    mine = api_client.get("/api/v1/internal/reports/scheduled/", **bearer(focal_user(mao_a))).json()
    assert [row["name"] for row in mine["results"]] == ["MAS quarterly"]
    assert (
        api_client.get(
            "/api/v1/internal/reports/scheduled/", **bearer(UserFactory(role=Role.COMMUNITY_LEADER))
        ).status_code
        == 403
    )
