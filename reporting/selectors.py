"""Reads of reporting. Reports, schedules and deliveries are scoped by the `reports` area of
the permission matrix: OOBC executives and staff and the OCM executive see all of them, a
MAO focal person only those about their own MAO (another MAO's report answers 404)."""

from uuid import UUID

from django.db.models import Count, QuerySet
from django.http import Http404

from common.models import User
from common.permissions import Area, grant_for
from common.scoping import is_own_mao_scoped, scoped
from reporting.models import GeneratedReport, ReportDelivery, ReportSchedule, ReportTemplate


def template_list(*, user: User) -> QuerySet[ReportTemplate]:
    """The kinds of report the user may run: a MAO focal person only those about one MAO."""
    if grant_for(user, Area.REPORTS) is None:
        return ReportTemplate.objects.none()
    templates = ReportTemplate.objects.filter(is_active=True).order_by("name")
    if is_own_mao_scoped(user, Area.REPORTS):
        templates = templates.filter(open_to_mao_focal=True)
    return templates


def _reports(user: User) -> QuerySet[GeneratedReport]:
    return scoped(GeneratedReport.objects.all(), user, Area.REPORTS, mao_field="mao")


def report_list(*, user: User, mine: bool = False) -> QuerySet[GeneratedReport]:
    """The reports the user may see, newest first (`mine`: those they asked for)."""
    reports = _reports(user).select_related("template", "mao", "requested_by", "schedule")
    if mine:
        reports = reports.filter(requested_by=user)
    return reports.order_by("-queued_at", "-id")


def report_get(*, user: User, uid: UUID | str) -> GeneratedReport:
    try:
        return report_list(user=user).get(uid=uid)
    except (GeneratedReport.DoesNotExist, ValueError) as exc:
        raise Http404("No such report.") from exc


def report_by_uid(uid: UUID | str) -> GeneratedReport | None:
    return GeneratedReport.objects.select_related("template", "mao").filter(uid=uid).first()


def schedule_list(*, user: User) -> QuerySet[ReportSchedule]:
    schedules = scoped(ReportSchedule.objects.all(), user, Area.REPORTS, mao_field="mao")
    return (
        schedules.select_related("template", "mao", "community", "created_by")
        .annotate(recipient_count=Count("recipients", distinct=True))
        .order_by("name", "id")
    )


def schedule_get(*, user: User, uid: UUID | str) -> ReportSchedule:
    try:
        return schedule_list(user=user).prefetch_related("recipients").get(uid=uid)
    except (ReportSchedule.DoesNotExist, ValueError) as exc:
        raise Http404("No such schedule.") from exc


def delivery_list(*, user: User) -> QuerySet[ReportDelivery]:
    deliveries = scoped(ReportDelivery.objects.all(), user, Area.REPORTS, mao_field="report__mao")
    return deliveries.select_related("report__schedule", "recipient").order_by("-created_at", "-id")
