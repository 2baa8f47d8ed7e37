"""Report schedules: create, change recipients, pause, and the scheduler's run.

Recipients who may not see a schedule's reports are refused here, when the schedule is
saved, with a message naming them, rather than silently left out at send time. The run
creates at most one report per schedule, period and format (a database constraint), so
running it twice, or on two Beat hosts, changes nothing.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.models import User
from common.permissions import Action
from reporting.access import refusal
from reporting.models import Frequency, GeneratedReport, ReportFormat, ReportSchedule
from reporting.periods import latest_due
from reporting.services.reports import (
    enqueue_generation,
    parameters_json,
    parameters_resolve,
    report_title,
    template_for,
)


def _check_recipients(template, mao_id, recipients: list[User]) -> None:
    refused = [reason for user in recipients if (reason := refusal(user, template=template, mao_id=mao_id))]
    if refused:
        raise ApplicationError(" ".join(refused), field="recipients")


def _formats(formats: list[str], template) -> list[str]:
    chosen = [value for value in ReportFormat.values if value in formats]
    if not chosen or any(value not in template.formats for value in chosen):
        raise ApplicationError(_("Choose at least one of PDF, XLSX and DOCX."), field="formats")
    return chosen


logger = logging.getLogger(__name__)


@transaction.atomic
def schedule_create(
    *,
    acting_user: User,
    kind: str,
    name: str,
    frequency: str,
    offset_days: int,
    formats: list[str],
    recipients: list[User],
    parameters: dict[str, Any] | None = None,
) -> ReportSchedule:
    template = template_for(kind)
    if frequency not in Frequency.values:
        raise ApplicationError(_("Choose how often."), field="frequency")
    if "quarter" in template.required_parameters and frequency in (Frequency.MONTHLY, Frequency.YEARLY):
        raise ApplicationError(
            _("This report is per quarter: choose quarterly or before each meeting."), field="frequency"
        )
    if not 0 <= offset_days <= 60:
        raise ApplicationError(_("Enter a number of days from 0 to 60."), field="offset_days")
    # Fiscal year and quarter come from each period; the rest is fixed by the schedule.
    raw = {key: value for key, value in (parameters or {}).items() if key in ("mao", "community")}
    params = parameters_resolve(
        template=template,
        raw={**raw, "fiscal_year": timezone.localdate().year, "quarter": 1},
        acting_user=acting_user,
    )
    mao_id = params.mao.pk if params.mao else None
    reason = refusal(acting_user, template=template, mao_id=mao_id, action=Action.CHANGE)
    if reason:
        raise PermissionDenied(reason)
    if not name.strip():
        raise ApplicationError(_("Give the schedule a name."), field="name")
    _check_recipients(template, mao_id, recipients)
    schedule = ReportSchedule.objects.create(
        name=name.strip()[:160],
        template=template,
        parameters={
            key: value for key, value in parameters_json(params).items() if key in ("mao", "community")
        },
        mao=params.mao,
        community=params.community,
        frequency=frequency,
        offset_days=offset_days,
        formats=_formats(formats, template),
        created_by=acting_user,
        starts_on=timezone.localdate(),
    )
    schedule.recipients.set(recipients)
    return schedule


@transaction.atomic
def schedule_update(
    *,
    schedule: ReportSchedule,
    acting_user: User,
    recipients: list[User] | None = None,
    enabled: bool | None = None,
    formats: list[str] | None = None,
    offset_days: int | None = None,
) -> ReportSchedule:
    """Change who receives it, pause or resume it, its formats or its offset."""
    reason = refusal(acting_user, template=schedule.template, mao_id=schedule.mao_id, action=Action.CHANGE)
    if reason:
        raise PermissionDenied(reason)
    fields = ["updated_at"]
    if recipients is not None:
        _check_recipients(schedule.template, schedule.mao_id, recipients)
        schedule.recipients.set(recipients)
    if enabled is not None:
        schedule.enabled = enabled
        fields.append("enabled")
    if formats is not None:
        schedule.formats = _formats(formats, schedule.template)
        fields.append("formats")
    if offset_days is not None:
        if not 0 <= offset_days <= 60:
            raise ApplicationError(_("Enter a number of days from 0 to 60."), field="offset_days")
        schedule.offset_days = offset_days
        fields.append("offset_days")
    schedule.save(update_fields=fields)
    return schedule


def schedule_run(*, schedule: ReportSchedule, today=None) -> list[GeneratedReport]:
    """Queue the schedule's reports of its latest due period, once."""
    period = latest_due(schedule, today)
    if period is None or period.key == schedule.last_period:
        return []
    params = {**schedule.parameters, "fiscal_year": period.fiscal_year, "quarter": period.quarter}
    created = []
    with transaction.atomic():
        resolved = parameters_resolve(template=schedule.template, raw=params, acting_user=None)
        for file_format in schedule.formats:
            try:
                with transaction.atomic():
                    report = GeneratedReport.objects.create(
                        template=schedule.template,
                        title=report_title(schedule.template, resolved),
                        parameters=parameters_json(resolved) | {"period": period.key},
                        mao=resolved.mao,
                        format=file_format,
                        schedule=schedule,
                        period=period.key,
                        queued_at=timezone.now(),
                    )
            except IntegrityError:
                continue  # this period's report exists already (another scheduler run made it)
            enqueue_generation(report)
            created.append(report)
        ReportSchedule.objects.filter(pk=schedule.pk).update(
            last_period=period.key, last_run_at=timezone.now(), updated_at=timezone.now()
        )
    return created


def schedules_run(*, today=None) -> int:
    """Every enabled schedule's due reports: the Beat task's body."""
    count = 0
    schedules = ReportSchedule.objects.filter(enabled=True, template__is_active=True).select_related(
        "template"
    )
    for schedule in schedules:
        try:
            count += len(schedule_run(schedule=schedule, today=today))
        except ApplicationError:
            # One broken schedule (its MAO deactivated, say) must not stop the others.
            logger.exception("schedule %s could not run", schedule.uid)
    return count
