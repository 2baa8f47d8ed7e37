"""Staff pages of partner data sharing (OOBC executives: the matrix's external API MANAGE):
partner clients, data sharing agreements and webhook endpoints on one page, and the access
log ("who read what") with filters and a CSV export. Forms post normally; the log's filters
work as a plain GET form and, with htmx, replace only #results."""

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.errors import ApplicationError
from common.forms import add_service_errors
from common.htmx import paginate, render_results
from common.permissions import Action, Area, area_rule, requires
from external_api.forms import AccessLogFilterForm, AgreementForm, PartnerClientForm, RevokeForm
from external_api.models import DataSharingAgreement, PartnerProfile, WebhookEndpoint
from external_api.selectors import access_log_filtered
from external_api.services.agreements import agreement_create, agreement_revoke
from external_api.services.clients import partner_client_create, partner_client_update
from ocm_dashboard.exports import Column, csv_response, field

MANAGE = area_rule(Area.EXTERNAL_API, Action.MANAGE)


def _page_context(**forms) -> dict:
    return {
        "clients": PartnerProfile.objects.select_related("application", "organization").order_by(
            "organization_name"
        ),
        "agreements": DataSharingAgreement.objects.select_related("partner").order_by("-start_date"),
        "endpoints": WebhookEndpoint.objects.select_related("client").order_by("created_at"),
        "today": timezone.localdate(),
        "client_form": forms.get("client_form") or PartnerClientForm(),
        "agreement_form": forms.get("agreement_form") or AgreementForm(),
        "revoke_form": RevokeForm(),
    }


@requires(MANAGE)
@require_GET
def partners(request: HttpRequest) -> HttpResponse:
    return render(request, "external_api/partners.html", _page_context())


@requires(MANAGE)
@require_http_methods(["POST"])
def client_create(request: HttpRequest) -> HttpResponse:
    form = PartnerClientForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            profile, secret = partner_client_create(
                owner=data["owner"],
                organization_name=data["organization"].name,
                organization=data["organization"],
                contact_email=data["contact_email"],
                scopes=data["scopes"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "external_api/client_created.html",
                {"profile": profile, "secret": secret},
                status=201,
            )
    return render(request, "external_api/partners.html", _page_context(client_form=form), status=400)


@requires(MANAGE)
@require_POST
def client_toggle(request: HttpRequest, client_id: str) -> HttpResponse:
    profile = get_object_or_404(PartnerProfile, application__client_id=client_id)
    partner_client_update(profile=profile, acting_user=request.user, is_active=not profile.is_active)
    messages.success(request, _("Client %(client)s updated.") % {"client": client_id})
    return redirect("external_api:partners")


@requires(MANAGE)
@require_POST
def agreement_new(request: HttpRequest) -> HttpResponse:
    form = AgreementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            agreement_create(acting_user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agreement recorded."))
            return redirect("external_api:partners")
    return render(request, "external_api/partners.html", _page_context(agreement_form=form), status=400)


@requires(MANAGE)
@require_POST
def agreement_revoke_view(request: HttpRequest, uid) -> HttpResponse:
    agreement = get_object_or_404(DataSharingAgreement, uid=uid)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the agreement is revoked."))
        return redirect("external_api:partners")
    agreement_revoke(agreement=agreement, acting_user=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("Agreement revoked: the partner's next call is refused."))
    return redirect("external_api:partners")


def _log_rows(form: AccessLogFilterForm):
    data = form.cleaned_data if form.is_valid() else {}

    def start_of(day: dt.date | None):
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min)) if day else None

    until = data.get("until")
    return access_log_filtered(
        partner=data.get("partner"),
        direction=data.get("direction") or "",
        endpoint=data.get("endpoint") or "",
        status=data.get("status") or "",
        since=start_of(data.get("since")),
        until=start_of(until + dt.timedelta(days=1)) if until else None,
    )


@requires(MANAGE)
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    form = AccessLogFilterForm(request.GET)
    context = {
        "filter_form": form,
        "page_obj": paginate(request, _log_rows(form)),
        "query": request.GET.urlencode(),
    }
    return render_results(request, "external_api/access_log.html", context)


CSV_COLUMNS = [
    Column("time", "#date", lambda row: row["created_at"].isoformat()),
    Column("partner", "#org", field("partner_name")),
    Column("client_id", "#meta+client", field("oauth_client_id")),
    Column("direction", "#meta+direction", field("direction")),
    Column("method", "#meta+method", field("method")),
    Column("endpoint", "#meta+endpoint", field("endpoint")),
    Column("path", "#meta+path", field("path")),
    Column("filters", "#meta+filters", lambda row: " ".join(f"{k}={v}" for k, v in row["filters"].items())),
    Column("records", "#meta+count", field("record_count")),
    Column("record_ids", "#meta+ids", lambda row: " ".join(row["record_ids"])),
    Column("records_digest", "#meta+digest", field("records_digest")),
    Column("status", "#meta+status", field("status_code")),
    Column("client_ip", "#meta+ip", field("client_ip")),
]


@requires(MANAGE)
@require_GET
def access_log_csv(request: HttpRequest) -> HttpResponse:
    rows = _log_rows(AccessLogFilterForm(request.GET)).values(
        "created_at",
        "partner_name",
        "oauth_client_id",
        "direction",
        "method",
        "endpoint",
        "path",
        "filters",
        "record_count",
        "record_ids",
        "records_digest",
        "status_code",
        "client_ip",
    )
    return csv_response("partner-access-log.csv", CSV_COLUMNS, rows.iterator(chunk_size=2000))
