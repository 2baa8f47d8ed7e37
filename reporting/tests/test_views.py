"""The reports pages: generate and follow progress with or without JavaScript, download,
retry, schedules, the delivery log, a recipient's signed link and the charter PDF."""

import pytest
from django.test import Client
from django.urls import reverse

from reporting.models import GeneratedReport, ReportStatus
from reporting.services.deliveries import download_token
from reporting.services.reports import report_generate, report_request
from reporting.tests.factories import FY, focal_user, staff_user, two_maos_with_ppas
from service_catalog.tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_generating_from_the_page_without_javascript_redirects_to_its_progress(
    client, django_capture_on_commit_callbacks
):
    mao_a, _, _ = two_maos_with_ppas()
    client.force_login(staff_user())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reporting:index"),
            {
                "kind": "mao_quarterly",
                "fiscal_year": FY,
                "quarter": "",
                "mao": str(mao_a.uid),
                "format": "docx",
            },
        )
    report = GeneratedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reporting:detail", kwargs={"uid": report.uid}
    )
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"Download" in page.content
    download = client.get(reverse("reporting:download", kwargs={"uid": report.uid}))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_a_queued_report_shows_a_progress_bar_polled_by_htmx_and_a_reload_link(client):
    mao_a, _, _ = two_maos_with_ppas()
    user = staff_user()
    report = report_request(
        acting_user=user, kind="mao_quarterly", file_format="pdf", parameters={"fiscal_year": FY}
    )
    client.force_login(user)
    page = client.get(reverse("reporting:index")).content.decode()
    assert "<progress" in page and 'hx-trigger="every 2s"' in page and "Reload" in page
    partial = client.get(
        reverse("reporting:detail", kwargs={"uid": report.uid}), headers={"HX-Request": "true"}
    )
    assert partial.status_code == 200 and b"<html" not in partial.content and b"<progress" in partial.content


def test_bad_form_input_comes_back_with_the_field_named_and_nothing_queued(client):
    client.force_login(staff_user())
    response = client.post(
        reverse("reporting:index"), {"kind": "mao_quarterly", "format": "pdf", "fiscal_year": ""}
    )
    assert response.status_code == 400 and b"This report needs this." in response.content
    assert not GeneratedReport.objects.exists()


def test_the_generate_form_refuses_a_post_without_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user())
    response = client.post(
        reverse("reporting:index"), {"kind": "ocm_brief", "format": "pdf", "fiscal_year": FY}
    )
    assert response.status_code == 403 and not GeneratedReport.objects.exists()


def test_a_focal_person_gets_404_for_another_maos_report_page_and_file(client):
    mao_a, mao_b, _ = two_maos_with_ppas()
    report = report_request(
        acting_user=staff_user(),
        kind="mao_quarterly",
        file_format="pdf",
        parameters={"fiscal_year": FY, "mao": mao_b.uid},
    )
    report_generate(report_id=report.pk)
    client.force_login(focal_user(mao_a))
    for name in ("reporting:detail", "reporting:download"):
        assert client.get(reverse(name, kwargs={"uid": report.uid})).status_code == 404


def test_a_failed_report_can_be_retried_from_its_page(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from reporting.generators import builders

    mao_a, _, _ = two_maos_with_ppas()
    user = staff_user()
    report = report_request(
        acting_user=user, kind="mao_quarterly", file_format="pdf", parameters={"fiscal_year": FY}
    )
    real = builders.BUILDERS["mao_quarterly"]
    monkeypatch.setitem(builders.BUILDERS, "mao_quarterly", lambda *a, **k: 1 / 0)
    report_generate(report_id=report.pk)
    client.force_login(user)
    page = client.get(reverse("reporting:detail", kwargs={"uid": report.uid}))
    assert b"ZeroDivisionError" in page.content and b"Retry" in page.content
    monkeypatch.setitem(builders.BUILDERS, "mao_quarterly", real)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:retry", kwargs={"uid": report.uid}))
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE


def test_a_signed_link_downloads_for_its_recipient_and_a_forged_one_does_not(client):
    mao_a, _, _ = two_maos_with_ppas()
    recipient = focal_user(mao_a)
    report = report_request(
        acting_user=staff_user(),
        kind="mao_quarterly",
        file_format="xlsx",
        parameters={"fiscal_year": FY, "mao": mao_a.uid},
    )
    report_generate(report_id=report.pk)
    token = download_token(report=report, recipient=recipient)
    assert client.get(reverse("reporting:signed_download", kwargs={"token": token})).status_code == 200
    assert (
        client.get(reverse("reporting:signed_download", kwargs={"token": token[:-2] + "xx"})).status_code
        == 404
    )
    recipient.is_active = False
    recipient.save()
    assert client.get(reverse("reporting:signed_download", kwargs={"token": token})).status_code == 404


def test_the_charter_page_links_to_a_pdf_served_by_reporting(client):
    entry = EntryFactory(title="Scholarship grant")
    page = client.get(reverse("service_catalog:charter_print", kwargs={"uid": entry.mao.uid}))
    pdf_url = reverse("reporting:charter_pdf", kwargs={"uid": entry.mao.uid})
    assert pdf_url.encode() in page.content
    response = client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content)[:4] == b"%PDF"


def test_schedules_can_be_created_paused_and_listed_in_the_delivery_log(client):
    mao_a, _, _ = two_maos_with_ppas()
    staff = staff_user()
    client.force_login(staff)
    response = client.post(
        reverse("reporting:schedules"),
        {
            "name": "MAS after each quarter",
            "kind": "mao_quarterly",
            "mao": str(mao_a.uid),
            "frequency": "quarterly",
            "offset_days": 5,
            "formats": ["pdf", "xlsx"],
            "recipients": [staff.pk],
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("reporting:schedules")).content.decode()
    assert "MAS after each quarter" in page and "Enabled" in page
    from reporting.models import ReportSchedule

    schedule = ReportSchedule.objects.get()
    response = client.post(
        reverse("reporting:schedule_edit", kwargs={"uid": schedule.uid}),
        {"formats": ["pdf"], "offset_days": 3, "recipients": [staff.pk]},
    )
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert not schedule.enabled and schedule.formats == ["pdf"]
    assert client.get(reverse("reporting:deliveries")).status_code == 200


def test_refused_recipients_are_named_on_the_schedule_form(client):
    mao_a, mao_b, _ = two_maos_with_ppas()
    outsider = focal_user(mao_b, first_name="Omar", last_name="Outsider")
    client.force_login(staff_user())
    response = client.post(
        reverse("reporting:schedules"),
        {
            "name": "MAS",
            "kind": "mao_quarterly",
            "mao": str(mao_a.uid),
            "frequency": "quarterly",
            "offset_days": 5,
            "formats": ["pdf"],
            "recipients": [outsider.pk],
        },
    )
    assert (
        response.status_code == 400
        and b"Omar Outsider may see reports about their own MAO only." in response.content
    )


def test_the_generate_form_opens_on_the_latest_year_with_entries(client):
    """Early in a year, or in the demo, the current year has no PPAs yet: the form proposes
    the year the dashboard opens on, not an empty report."""
    import re

    from common.dates import current_fiscal_year

    two_maos_with_ppas()  # FY2025 only
    assert current_fiscal_year() > FY
    client.force_login(staff_user())
    html = client.get(reverse("reporting:index")).content.decode()
    assert re.search(rf'name="fiscal_year" value="{FY}"', html)
