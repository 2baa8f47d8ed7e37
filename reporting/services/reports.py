"""Requesting, generating, retrying and expiring reports.

Generation is safe to run twice and survives a worker dying mid-report: a run first claims
the row (one UPDATE: queued, or running with a stopped heartbeat), writes its progress and
heartbeat as it goes, and stores the file under a name fixed by the report's uid, so a
second run replaces a half-written file instead of adding one. A report that raises is
marked failed with its reason and can be retried.
"""

import hashlib
import logging
import tempfile
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.dates import FISCAL_YEAR_MAX, FISCAL_YEAR_MIN
from common.errors import ApplicationError
from common.models import Community, User
from common.permissions import Action, Area
from common.scoping import is_own_mao_scoped
from common.services.outbox import domain_event_emit, outbox_enqueue
from coordination.models import Organization
from reporting.access import refusal
from reporting.generators import render
from reporting.generators.builders import BUILDERS, ReportParameters
from reporting.kinds import ALL_FORMATS, KIND_DEFINITIONS
from reporting.models import GeneratedReport, ReportFormat, ReportStatus, ReportTemplate

logger = logging.getLogger(__name__)

# Longer than a report task's hard time limit: a run whose heartbeat is older than this
# has been killed (by the limit, a crash or a lost machine), so another may take over.
STALE_AFTER = timedelta(minutes=16)
# A queued report nobody picked up for this long lost its message (broker flushed): resend.
LOST_AFTER = timedelta(minutes=30)


def file_days() -> int:
    return int(getattr(settings, "REPORTS_FILE_DAYS", 30))


# --- Parameters and scope -----------------------------------------------------------------


def _integer(raw: dict, name: str, low: int, high: int) -> int | None:
    value = raw.get(name)
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ApplicationError(_("Enter a whole number."), field=name) from None
    if not low <= number <= high:
        raise ApplicationError(
            _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}, field=name
        )
    return number


def _by_uid(queryset, raw: dict, name: str, label: str):
    value = raw.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, (Organization, Community)):
        return value
    try:
        return queryset.get(uid=uuid.UUID(str(value)))
    except (ValueError, ValidationError, queryset.model.DoesNotExist):
        raise ApplicationError(_("No such %(thing)s.") % {"thing": label}, field=name) from None


def parameters_resolve(
    *, template: ReportTemplate, raw: dict[str, Any], acting_user: User | None
) -> ReportParameters:
    """Validated parameters of a report, scoped: a MAO focal person's report is about their
    own MAO whatever `raw` asks for."""
    mao = _by_uid(Organization.objects.maos(), raw, "mao", _("MAO"))
    if acting_user is not None and is_own_mao_scoped(acting_user, Area.REPORTS):
        mao = acting_user.organization  # never another MAO's, whatever the parameters say
    params = ReportParameters(
        fiscal_year=_integer(raw, "fiscal_year", FISCAL_YEAR_MIN, FISCAL_YEAR_MAX),
        quarter=_integer(raw, "quarter", 1, 4),
        mao=mao,
        community=_by_uid(Community.objects.all(), raw, "community", _("community")),
    )
    for name in template.required_parameters:
        if getattr(params, name) is None:
            raise ApplicationError(_("This report needs this."), field=name)
    return params


def parameters_json(params: ReportParameters) -> dict[str, Any]:
    return {
        "fiscal_year": params.fiscal_year,
        "quarter": params.quarter,
        "mao": str(params.mao.uid) if params.mao else None,
        "community": str(params.community.uid) if params.community else None,
    }


def parameters_load(report: GeneratedReport) -> ReportParameters:
    stored = report.parameters
    return ReportParameters(
        fiscal_year=stored.get("fiscal_year"),
        quarter=stored.get("quarter"),
        mao=report.mao,
        community=Community.objects.get(uid=stored["community"]) if stored.get("community") else None,
    )


def report_title(template: ReportTemplate, params: ReportParameters) -> str:
    parts = [template.name]
    if params.mao is not None:
        parts.append(params.mao.acronym or params.mao.name)
    if params.community is not None:
        parts.append(params.community.name)
    if params.fiscal_year:
        parts.append(params.period_label)
    return " · ".join(parts)[:250]


def template_for(kind: str) -> ReportTemplate:
    """The active template of a kind. The five kinds are installed by a migration; one
    missing (a flushed test database) is put back from reporting.kinds."""
    if kind not in KIND_DEFINITIONS:
        raise ApplicationError(_("No such kind of report."), field="kind")
    template, _created = ReportTemplate.objects.get_or_create(
        kind=kind, defaults={**KIND_DEFINITIONS[kind], "formats": ALL_FORMATS}
    )
    if not template.is_active:
        raise ApplicationError(_("This kind of report is switched off."), field="kind")
    return template


def _format(file_format: str, template: ReportTemplate) -> str:
    if file_format not in ReportFormat.values or file_format not in template.formats:
        raise ApplicationError(_("Choose PDF, XLSX or DOCX."), field="format")
    return file_format


# --- Requesting ---------------------------------------------------------------------------


GENERATE_TOPIC = "reporting.generate"


def enqueue_generation(report: GeneratedReport) -> None:
    """Ask for the report to be built, in the transaction that queued it (the outbox sends it
    to the `reports` queue after commit, and again if the broker was down)."""
    outbox_enqueue(topic=GENERATE_TOPIC, payload={"report_id": report.pk})


@transaction.atomic
def report_request(
    *, acting_user: User, kind: str, file_format: str, parameters: dict[str, Any]
) -> GeneratedReport:
    """Queue a report for the acting user (202 for the API, a progress bar on the page)."""
    template = template_for(kind)
    file_format = _format(file_format, template)
    params = parameters_resolve(template=template, raw=parameters, acting_user=acting_user)
    reason = refusal(
        acting_user, template=template, mao_id=params.mao.pk if params.mao else None, action=Action.CHANGE
    )
    if reason:
        raise PermissionDenied(reason)
    report = GeneratedReport.objects.create(
        template=template,
        title=report_title(template, params),
        parameters=parameters_json(params),
        mao=params.mao,
        format=file_format,
        requested_by=acting_user,
        queued_at=timezone.now(),
    )
    enqueue_generation(report)
    return report


@transaction.atomic
def report_retry(*, report: GeneratedReport, acting_user: User) -> GeneratedReport:
    """Queue a failed report again."""
    report = GeneratedReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.FAILED:
        raise ApplicationError(_("Only a failed report can be retried."))
    report.status = ReportStatus.QUEUED
    report.progress = 0
    report.error = ""
    report.queued_at = timezone.now()
    report.save(update_fields=["status", "progress", "error", "queued_at", "updated_at"])
    enqueue_generation(report)
    return report


# --- Generating ---------------------------------------------------------------------------


def _claim(report_id: int) -> bool:
    now = timezone.now()
    claimable = Q(status=ReportStatus.QUEUED) | Q(
        status=ReportStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER
    )
    return bool(
        GeneratedReport.objects.filter(claimable, pk=report_id).update(
            status=ReportStatus.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            heartbeat_at=now,
            progress=5,
            error="",
            updated_at=now,
        )
    )


def _progress_writer(report_id: int):
    last = {"value": 5}

    def write(value: int) -> None:
        value = max(last["value"], min(int(value), 99))
        last["value"] = value
        now = timezone.now()
        GeneratedReport.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
            progress=value, heartbeat_at=now, updated_at=now
        )

    return write


def storage_name(report: GeneratedReport) -> str:
    slug = slugify(report.title)[:80] or "report"
    return f"reports/{report.uid}/{slug}.{report.format}"


def _viewer(report: GeneratedReport) -> User | None:
    if report.requested_by_id:
        return report.requested_by
    if report.schedule_id and report.schedule.created_by_id:
        return report.schedule.created_by
    return None


def build_document(report: GeneratedReport, progress):
    params = parameters_load(report)
    viewer = _viewer(report)
    if viewer is None:
        raise ApplicationError(_("Nobody to build this report for: its requester's account is gone."))
    return BUILDERS[report.template.kind](params, viewer=viewer, progress=progress)


def report_generate(*, report_id: int) -> GeneratedReport | None:
    """Build and store one report. Returns None when there was nothing to do (already done,
    failed, expired, or being built by a live worker)."""
    if not _claim(report_id):
        return None
    report = GeneratedReport.objects.select_related(
        "template", "mao", "requested_by", "schedule__created_by"
    ).get(pk=report_id)
    progress = _progress_writer(report_id)
    name = storage_name(report)
    try:
        document = build_document(report, progress)
        progress(55)
        with tempfile.TemporaryFile() as scratch:
            render(document, report.format, scratch, progress)
            progress(92)
            scratch.seek(0)
            digest = hashlib.sha256()
            for chunk in iter(lambda: scratch.read(1 << 20), b""):
                digest.update(chunk)
            size = scratch.tell()
            scratch.seek(0)
            if default_storage.exists(name):
                default_storage.delete(name)  # a killed earlier attempt's file
            stored = default_storage.save(name, File(scratch))
    except Exception as exc:
        logger.exception("report %s failed", report.uid)
        reason = (getattr(exc, "message", None) or str(exc) or exc.__class__.__name__)[:2000]
        GeneratedReport.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED,
            error=f"{exc.__class__.__name__}: {reason}",
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        return GeneratedReport.objects.get(pk=report_id)
    now = timezone.now()
    with transaction.atomic():
        GeneratedReport.objects.filter(pk=report_id).update(
            status=ReportStatus.DONE,
            progress=100,
            file=stored,
            size=size,
            sha256=digest.hexdigest(),
            snapshot_uid=document.snapshot_uid,
            data_as_of=document.data_as_of or now,
            finished_at=now,
            heartbeat_at=now,
            expires_at=now + timedelta(days=file_days()),
            updated_at=now,
        )
        report = GeneratedReport.objects.select_related("template", "schedule", "mao").get(pk=report_id)
        domain_event_emit(
            event_type="report.generated",
            data={
                "id": str(report.uid),
                "kind": report.template.kind,
                "format": report.format,
                "mao": str(report.mao.uid) if report.mao else None,
                "period": report.period,
                "sha256": report.sha256,
            },
        )
        if report.schedule_id:
            from reporting.services.deliveries import deliveries_prepare

            deliveries_prepare(report=report)
    return report


# --- Housekeeping -------------------------------------------------------------------------


def reports_requeue_stale(*, now=None) -> int:
    """Queue again the reports whose worker died (running, heartbeat stopped) and those whose
    queue message was lost; a run still alive elsewhere keeps its heartbeat fresh."""
    now = now or timezone.now()
    stale = GeneratedReport.objects.filter(
        Q(status=ReportStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
        | Q(status=ReportStatus.QUEUED, queued_at__lt=now - LOST_AFTER)
    )
    count = 0
    for report in stale.only("pk"):
        with transaction.atomic():
            updated = (
                GeneratedReport.objects.filter(pk=report.pk)
                .filter(
                    Q(status=ReportStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
                    | Q(status=ReportStatus.QUEUED, queued_at__lt=now - LOST_AFTER)
                )
                .update(status=ReportStatus.QUEUED, queued_at=now, updated_at=now)
            )
            if updated:
                enqueue_generation(report)
                count += 1
    return count


def reports_expire(*, now=None) -> int:
    """Delete the files past their expiry; the rows stay, marked expired."""
    now = now or timezone.now()
    count = 0
    for report in GeneratedReport.objects.filter(status=ReportStatus.DONE, expires_at__lte=now):
        if report.file and default_storage.exists(report.file.name):
            default_storage.delete(report.file.name)
        GeneratedReport.objects.filter(pk=report.pk, status=ReportStatus.DONE).update(
            status=ReportStatus.EXPIRED, expired_at=now, updated_at=now
        )
        count += 1
    return count
