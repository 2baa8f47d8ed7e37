"""Generated files, opened with a reader, say what the dashboard and registry selectors say."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from common.errors import ApplicationError
from ocm_dashboard.filters import DashboardFilters
from ocm_dashboard.selectors.overview import overview_totals
from ocm_dashboard.selectors.scope import ppa_scope
from reporting.models import GeneratedReport, ReportStatus
from reporting.services.reports import report_generate, report_request, report_retry, reports_expire
from reporting.tests.factories import (
    FY,
    docx_text,
    focal_user,
    pdf_text,
    staff_user,
    two_maos_with_ppas,
    xlsx_workbook,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def generate(user, kind="mao_quarterly", file_format="xlsx", **parameters) -> GeneratedReport:
    report = report_request(acting_user=user, kind=kind, file_format=file_format, parameters=parameters)
    report_generate(report_id=report.pk)
    report.refresh_from_db()
    return report


def dashboard_totals(mao, fiscal_year=FY):
    filters = DashboardFilters(fiscal_year=fiscal_year, mao=mao)
    return overview_totals(filters=filters, ppas=ppa_scope(filters))


def peso(value) -> str:
    return f"₱{Decimal(value):,.2f}"


def test_the_xlsx_report_holds_the_dashboard_figures_as_typed_cells():
    mao_a, _, _ = two_maos_with_ppas()
    report = generate(staff_user(), fiscal_year=FY, mao=str(mao_a.uid))
    assert report.status == ReportStatus.DONE and report.progress == 100
    assert len(report.sha256) == 64 and report.size > 0 and report.expires_at
    workbook = xlsx_workbook(report)
    totals = dashboard_totals(mao_a)
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Summary: PPAs"] == totals["ppas"] == 3
    assert summary["Summary: Budget allocated"] == float(totals["budget_allocated"])
    ppas = workbook["PPAs"]
    assert ppas.freeze_panes == "A2"
    rows = list(ppas.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    assert sum(row[5] for row in rows) == float(totals["budget_allocated"])
    money_cell = ppas.cell(row=2, column=6)
    assert money_cell.data_type == "n" and "₱" in money_cell.number_format
    assert {row[1] for row in rows} == {"MAS"}
    indicators = list(workbook["Indicators"].iter_rows(min_row=2, values_only=True))
    assert indicators[0][2] == "Households with kits" and indicators[0][4] == 200


def test_text_that_a_spreadsheet_would_run_is_stored_as_inert_text():
    mao_a, _, _ = two_maos_with_ppas()
    report = generate(staff_user(), fiscal_year=FY, mao=str(mao_a.uid))
    cells = [row[0] for row in xlsx_workbook(report)["PPAs"].iter_rows(min_row=2)]
    evil = next(cell for cell in cells if "HYPERLINK" in str(cell.value))
    assert evil.data_type == "s"
    assert evil.value.startswith("'=")


def test_the_pdf_report_prints_the_dashboard_figures():
    mao_a, _, _ = two_maos_with_ppas()
    report = generate(staff_user(), file_format="pdf", fiscal_year=FY, mao=str(mao_a.uid))
    text = pdf_text(report)
    totals = dashboard_totals(mao_a)
    assert "Bangsamoro Government" in text and "Page 1 of" in text
    assert peso(totals["budget_allocated"]) in text
    assert peso(totals["budget_utilized"]) in text
    assert "Alpha school repair" in text and "Beta road" not in text
    assert "Contents" in text


def test_the_docx_report_has_headings_tables_and_a_signatory_block():
    mao_a, _, _ = two_maos_with_ppas()
    report = generate(staff_user(), file_format="docx", fiscal_year=FY, mao=str(mao_a.uid))
    text = docx_text(report)
    totals = dashboard_totals(mao_a)
    assert peso(totals["budget_allocated"]) in text
    assert "Alpha livelihood kits" in text and "Beta water system" not in text
    assert "Signatories" in text and "Approved by" in text


def test_a_focal_persons_report_never_holds_another_maos_rows_whatever_the_parameters():
    mao_a, mao_b, _ = two_maos_with_ppas()
    focal = focal_user(mao_a)
    report = generate(focal, fiscal_year=FY, mao=str(mao_b.uid))
    assert report.mao == mao_a
    rows = list(xlsx_workbook(report)["PPAs"].iter_rows(min_row=2, values_only=True))
    assert rows and {row[1] for row in rows} == {"MAS"}
    everything = generate(focal, fiscal_year=FY)  # no MAO asked: still their own
    assert {row[1] for row in xlsx_workbook(everything)["PPAs"].iter_rows(min_row=2, values_only=True)} == {
        "MAS"
    }


def test_a_focal_person_cannot_run_a_report_holding_every_mao():
    mao_a, _, _ = two_maos_with_ppas()
    with pytest.raises(PermissionDenied):
        report_request(
            acting_user=focal_user(mao_a), kind="ocm_brief", file_format="pdf", parameters={"fiscal_year": FY}
        )
    assert not GeneratedReport.objects.exists()


def test_bad_parameters_name_the_field_and_write_nothing():
    user = staff_user()
    for parameters, field in (
        ({"fiscal_year": "soon"}, "fiscal_year"),
        ({"fiscal_year": FY, "quarter": 5}, "quarter"),
        ({"fiscal_year": FY, "mao": "not-a-uid"}, "mao"),
        ({}, "fiscal_year"),
    ):
        with pytest.raises(ApplicationError) as error:
            report_request(acting_user=user, kind="mao_quarterly", file_format="pdf", parameters=parameters)
        assert error.value.field == field
    with pytest.raises(ApplicationError) as error:
        report_request(
            acting_user=user, kind="mao_quarterly", file_format="exe", parameters={"fiscal_year": FY}
        )
    assert error.value.field == "format"
    assert not GeneratedReport.objects.exists()


def test_a_report_whose_generation_raises_is_failed_with_its_reason_and_a_retry_succeeds(monkeypatch):
    mao_a, _, _ = two_maos_with_ppas()
    user = staff_user()
    from reporting.generators import builders

    real = builders.BUILDERS["mao_quarterly"]

    def broken(*args, **kwargs):
        raise RuntimeError("the register was unreachable")

    monkeypatch.setitem(builders.BUILDERS, "mao_quarterly", broken)
    report = generate(user, fiscal_year=FY, mao=str(mao_a.uid))
    assert report.status == ReportStatus.FAILED
    assert "the register was unreachable" in report.error and not report.file
    monkeypatch.setitem(builders.BUILDERS, "mao_quarterly", real)
    report_retry(report=report, acting_user=user)
    report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.error == "" and report.attempts == 2


def test_generating_a_finished_report_again_changes_nothing():
    mao_a, _, _ = two_maos_with_ppas()
    report = generate(staff_user(), fiscal_year=FY, mao=str(mao_a.uid))
    assert report_generate(report_id=report.pk) is None
    report.refresh_from_db()
    assert report.attempts == 1 and report.status == ReportStatus.DONE


def test_expired_files_are_deleted_and_their_rows_kept(settings):
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    mao_a, _, _ = two_maos_with_ppas()
    report = generate(staff_user(), fiscal_year=FY, mao=str(mao_a.uid))
    assert default_storage.exists(report.file.name)
    assert reports_expire(now=timezone.now() + timedelta(days=31)) == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.EXPIRED and report.expired_at
    assert not default_storage.exists(report.file.name)
