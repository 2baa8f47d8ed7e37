"""Staff pages of reporting: generate a report and watch its progress, download it, retry a
failed one, manage schedules, read the delivery log. Plus two public routes: a recipient's
signed download link, and the printable Citizen's Charter of a MAO as PDF.

Progress is an htmx partial polled every two seconds while a report is queued or running;
without JavaScript the page says to reload and shows the same bar (a <progress> element).
"""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.errors import ApplicationError
from common.forms import add_service_errors
from common.htmx import paginate
from common.models import User
from common.permissions import Action, Area, area_rule, has_access, public, requires
from reporting import selectors
from reporting.access import may_see
from reporting.forms import GenerateForm, ScheduleEditForm, ScheduleForm
from reporting.generators import CONTENT_TYPES
from reporting.models import GeneratedReport, ReportStatus
from reporting.periods import next_due
from reporting.services.deliveries import download_token_read
from reporting.services.reports import report_request, report_retry
from reporting.services.schedules import schedule_create, schedule_update

VIEW = area_rule(Area.REPORTS, Action.VIEW)
CHANGE = area_rule(Area.REPORTS, Action.CHANGE)


def may_change(request: HttpRequest) -> bool:
    return has_access(request.user, Area.REPORTS, Action.CHANGE)


def _recent(request: HttpRequest):
    return list(selectors.report_list(user=request.user, mine=True)[:15])


@requires(VIEW)
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """Generate a report, and the user's recent reports with their progress."""
    if request.method == "POST" and not may_change(request):
        raise PermissionDenied
    form = GenerateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            report = report_request(
                acting_user=request.user,
                kind=form.cleaned_data["kind"],
                file_format=form.cleaned_data["format"],
                parameters=form.service_parameters(),
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your report is queued; this page shows its progress."))
            return redirect("reporting:detail", uid=report.uid)
    recent = _recent(request)
    context = {
        "form": form,
        "recent": recent,
        "polling": any(report.is_pending for report in recent),
        "can_change": may_change(request),
        "templates": selectors.template_list(user=request.user),
    }
    template = "reporting/index.html" + ("#recent" if request.htmx else "")
    return render(request, template, context, status=400 if form.errors else 200)


@requires(VIEW)
@require_GET
def detail(request: HttpRequest, uid) -> HttpResponse:
    report = selectors.report_get(user=request.user, uid=uid)
    context = {"report": report, "can_change": may_change(request)}
    template = "reporting/detail.html" + ("#status" if request.htmx else "")
    return render(request, template, context)


def file_response(report: GeneratedReport) -> FileResponse:
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404("This report has no file (not ready, failed or expired).")
    try:
        handle = default_storage.open(report.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("The file is gone.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=report.filename, content_type=CONTENT_TYPES[report.format]
    )
    response["Cache-Control"] = "private, no-store"
    return response


@requires(VIEW)
@require_GET
def download(request: HttpRequest, uid) -> HttpResponse:
    return file_response(selectors.report_get(user=request.user, uid=uid))


@requires(CHANGE)
@require_POST
def retry(request: HttpRequest, uid) -> HttpResponse:
    report = selectors.report_get(user=request.user, uid=uid)
    try:
        report_retry(report=report, acting_user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report is queued again."))
    return redirect("reporting:detail", uid=report.uid)


@public
@require_GET
def signed_download(request: HttpRequest, token: str) -> HttpResponse:
    """A recipient's emailed link: signed for them, expiring, re-checked against what they may
    see today (a recipient who lost access gets nothing)."""
    signed = download_token_read(token)
    if signed is None:
        raise Http404("This link is not valid or has expired.")
    report = selectors.report_by_uid(signed["report"])
    recipient = User.objects.filter(pk=signed["user"], is_active=True).first()
    if report is None or recipient is None or not may_see(recipient, report):
        raise Http404("This link is not valid or has expired.")
    return file_response(report)


@public
@require_GET
def charter_pdf(request: HttpRequest, uid) -> HttpResponse:
    """The public Citizen's Charter of a MAO (its published services) as a PDF, drawn from
    the same charter the catalog page prints; no performance figures (those are internal)."""
    from reporting.generators.builders import ReportParameters, build_charter_performance
    from reporting.generators.pdf import render_pdf
    from service_catalog.selectors import public_charter_for_mao

    mao, _entries = public_charter_for_mao(mao_uid=uid)
    document = build_charter_performance(
        ReportParameters(mao=mao), viewer=None, progress=lambda value: None, with_performance=False
    )
    output = io.BytesIO()
    render_pdf(document, output)
    output.seek(0)
    filename = f"citizens-charter-{(mao.acronym or 'mao').lower()}.pdf"
    return FileResponse(output, as_attachment=False, filename=filename, content_type="application/pdf")


@requires(VIEW)
@require_http_methods(["GET", "POST"])
def schedules(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and not may_change(request):
        raise PermissionDenied
    form = ScheduleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            schedule = schedule_create(
                acting_user=request.user,
                kind=data["kind"],
                name=data["name"],
                frequency=data["frequency"],
                offset_days=data["offset_days"],
                formats=data["formats"],
                recipients=list(data["recipients"]),
                parameters={
                    "mao": data["mao"].uid if data.get("mao") else None,
                    "community": data["community"].uid if data.get("community") else None,
                },
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Schedule “%(name)s” created.") % {"name": schedule.name})
            return redirect("reporting:schedules")
    rows = [(schedule, next_due(schedule)) for schedule in selectors.schedule_list(user=request.user)]
    context = {"form": form, "rows": rows, "can_change": may_change(request)}
    return render(request, "reporting/schedules.html", context, status=400 if form.errors else 200)


@requires(VIEW)
@require_http_methods(["GET", "POST"])
def schedule_edit(request: HttpRequest, uid) -> HttpResponse:
    schedule = selectors.schedule_get(user=request.user, uid=uid)
    if request.method == "POST" and not may_change(request):
        raise PermissionDenied
    initial = {
        "enabled": schedule.enabled,
        "formats": schedule.formats,
        "offset_days": schedule.offset_days,
        "recipients": list(schedule.recipients.all()),
    }
    form = ScheduleEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            schedule_update(
                schedule=schedule,
                acting_user=request.user,
                recipients=list(data["recipients"]),
                enabled=data["enabled"],
                formats=data["formats"],
                offset_days=data["offset_days"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Schedule saved."))
            return redirect("reporting:schedules")
    context = {
        "schedule": schedule,
        "form": form,
        "next": next_due(schedule),
        "can_change": may_change(request),
    }
    return render(request, "reporting/schedule_edit.html", context, status=400 if form.errors else 200)


@requires(VIEW)
@require_GET
def deliveries(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.delivery_list(user=request.user))
    return render(request, "reporting/deliveries.html", {"page_obj": page})
