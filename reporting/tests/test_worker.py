"""Reports through a real Celery worker (its own queue, the test database, files in tmp)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reporting.models import GeneratedReport, ReportStatus
from reporting.services.reports import parameters_json, parameters_resolve, report_title, template_for
from reporting.tests.factories import FY, staff_user, two_maos_with_ppas, xlsx_workbook

pytestmark = [pytest.mark.worker, pytest.mark.slow]


def queued_report(**fields) -> GeneratedReport:
    """A queued report row, written without the outbox nudge (the test sends the task itself)."""
    mao_a, _, _ = two_maos_with_ppas()
    template = template_for("mao_quarterly")
    params = parameters_resolve(
        template=template, raw={"fiscal_year": FY, "mao": mao_a.uid}, acting_user=None
    )
    return GeneratedReport.objects.create(
        template=template,
        title=report_title(template, params),
        parameters=parameters_json(params),
        mao=mao_a,
        format="xlsx",
        requested_by=staff_user(),
        queued_at=timezone.now(),
        **fields,
    )


@pytest.fixture
def worker(transactional_db, tmp_path, settings):
    from tests.celery_worker import start_worker, stop_worker

    settings.MEDIA_ROOT = tmp_path / "media"
    process = start_worker(tmp_path, extra_env={"MEDIA_ROOT": str(tmp_path / "media")})
    yield process
    stop_worker(process)


def test_a_real_worker_generates_a_report_on_the_reports_task(worker):
    from tests.processes import wait_until

    report = queued_report()
    worker.send("reporting.tasks.generate_single_report", report.pk)
    wait_until(lambda: GeneratedReport.objects.get(pk=report.pk).status == ReportStatus.DONE, timeout=90)
    report.refresh_from_db()
    assert report.progress == 100 and report.attempts == 1
    rows = list(xlsx_workbook(report)["PPAs"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3


def test_a_report_left_running_by_a_dead_worker_is_finished_once_by_the_next(worker):
    """What a SIGKILLed worker leaves: the row running, its heartbeat stopped, its message
    redelivered (acks_late) and the sweeper's message too. Both reach a live worker: the
    first takes the report over and finishes it, the second finds it done."""
    from tests.processes import wait_until

    stopped = timezone.now() - timedelta(minutes=30)
    report = queued_report(
        status=ReportStatus.RUNNING, attempts=1, progress=40, started_at=stopped, heartbeat_at=stopped
    )
    worker.send("reporting.tasks.generate_single_report", report.pk)
    worker.send("reporting.tasks.generate_single_report", report.pk)
    wait_until(lambda: worker.log().count("succeeded") >= 2, timeout=180)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.attempts == 2
    assert "skipped" in worker.log()
    files = list((worker.log_path.parent / "media" / "reports" / str(report.uid)).iterdir())
    assert len(files) == 1
