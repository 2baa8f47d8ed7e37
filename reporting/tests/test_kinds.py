"""Each kind of report, rendered and read back, against the selectors its pages use."""

from datetime import timedelta

import pytest
from django.utils import timezone

from automation.models import SeriesMeeting
from automation.services.series import meeting_series_generate
from automation.tests.factories import SeriesFactory, mao_with_focal
from coordination.tests.factories import ActionItemFactory
from ocm_dashboard.services.snapshots import snapshot_take
from reporting.generators.pdf import StaticOnlyFetcher
from reporting.models import ReportStatus
from reporting.tests.factories import FY, docx_text, pdf_text, staff_user, two_maos_with_ppas, xlsx_workbook
from reporting.tests.test_generation import generate, peso
from service_catalog.models import RequestStatus
from service_catalog.selectors import service_performance
from service_catalog.tests.factories import EntryFactory, move, submit_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_ocm_brief_is_built_from_the_latest_snapshot_with_charts_and_changes():
    two_maos_with_ppas()
    first = snapshot_take(fiscal_year=FY)
    assert first.payload["totals"]["ppas"] == 5
    snapshot = snapshot_take(fiscal_year=FY)
    report = generate(staff_user(), kind="ocm_brief", file_format="pdf", fiscal_year=FY)
    assert report.status == ReportStatus.DONE, report.error
    assert str(report.snapshot_uid) == str(snapshot.uid)
    text = pdf_text(report)
    assert peso(snapshot.payload["totals"]["budget_allocated"]) in text
    assert "Ministry of Beta Works" in text and "What changed since the previous snapshot" in text
    workbook = xlsx_workbook(generate(staff_user(), kind="ocm_brief", file_format="xlsx", fiscal_year=FY))
    by_mao = {row[1]: row for row in workbook["By MAO"].iter_rows(min_row=2, values_only=True)}
    assert by_mao["MBW"][3] == float(snapshot.payload["by_mao"][0]["budget_allocated"])


def test_the_meeting_pack_lists_the_quarters_meetings_reports_and_carried_over_items():
    staff = staff_user()
    mao, _ = mao_with_focal(acronym="MOH", name="Ministry of Health")
    series = SeriesFactory(fiscal_year=timezone.localdate().year + 1)
    meeting_series_generate(series=series, acting_user=staff)
    q1 = SeriesMeeting.objects.get(series=series, quarter=1).engagement
    q2 = SeriesMeeting.objects.get(series=series, quarter=2).engagement
    earlier = ActionItemFactory(
        engagement=q1, owner_organization=mao, description="Share the vaccination list"
    )
    ActionItemFactory(
        engagement=q2,
        owner_organization=mao,
        description="Share the vaccination list",
        carried_over_from=earlier,
    )
    report = generate(
        staff, kind="meeting_pack", file_format="docx", fiscal_year=series.fiscal_year, quarter=2
    )
    text = docx_text(report)
    assert q2.title in text and q1.title in text  # the carried-over item names its first meeting
    assert "Share the vaccination list" in text


def test_the_charter_report_counts_requests_as_the_service_catalog_selector_does():
    staff = staff_user()
    entry = EntryFactory(title="Medical assistance")
    answered = submit_request(entry=entry)
    move(answered, staff, RequestStatus.UNDER_REVIEW, RequestStatus.APPROVED)
    submit_request(entry=entry)
    today = timezone.localdate()
    report = generate(
        staff, kind="charter_performance", file_format="xlsx", fiscal_year=today.year, mao=str(entry.mao.uid)
    )
    rows = list(xlsx_workbook(report)["Service performance"].iter_rows(min_row=2, values_only=True))
    figures = service_performance(
        mao=entry.mao, start=today.replace(month=1, day=1), end=today.replace(month=12, day=31)
    )
    assert rows[0][0] == "Medical assistance"
    assert rows[0][3] == figures[entry.pk]["received"] == 2
    assert rows[0][6] == figures[entry.pk]["open"]


def test_the_community_profile_lists_its_needs_ppas_and_requests():
    _, _, community = two_maos_with_ppas()
    report = generate(staff_user(), kind="community_profile", file_format="pdf", community=str(community.uid))
    text = pdf_text(report)
    assert community.name in text
    assert "Alpha livelihood kits" in text and "Beta water system" in text
    assert "Beta road" not in text  # does not serve it


def test_the_pdf_renderer_fetches_nothing_outside_our_static_files(tmp_path):
    fetcher = StaticOnlyFetcher()
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/logo.png",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 3


def test_user_text_in_a_pdf_is_escaped_not_interpreted(settings):
    mao_a, _, _ = two_maos_with_ppas()
    from monitoring.tests.factories import PpaFactory

    PpaFactory(implementing_mao=mao_a, title='<img src="http://evil.example/x.png"> Kits')
    report = generate(staff_user(), file_format="pdf", fiscal_year=FY, mao=str(mao_a.uid))
    assert '<img src="http://evil.example/x.png"> Kits' in pdf_text(report).replace("\n", "")


def test_report_progress_is_written_while_it_runs():
    mao_a, _, _ = two_maos_with_ppas()
    report = generate(staff_user(), fiscal_year=FY, mao=str(mao_a.uid))
    assert report.started_at <= report.heartbeat_at <= report.finished_at
    assert report.finished_at - report.started_at < timedelta(minutes=5)
