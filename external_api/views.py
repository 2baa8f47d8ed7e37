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
from external_api.forms import (
    AccessLogFilterForm,
    AgreementForm,
    AgreementSignForm,
    ClientScopesForm,
    PartnerClientForm,
    RevokeForm,
)
from external_api.models import DataSharingAgreement, PartnerProfile, WebhookEndpoint
from external_api.selectors import access_log_filtered
from external_api.services.agreements import agreement_create, agreement_revoke, agreement_sign
from external_api.services.clients import partner_client_create, partner_client_update
from external_api.services.webhooks import webhook_endpoint_update
from ocm_dashboard.exports import Column, csv_response, field

MANAGE = area_rule(Area.EXTERNAL_API, Action.MANAGE)


def _scopes_form(client_id: str, *args, **kwargs) -> ClientScopesForm:
    # Each row's form gets ids of its own: the page holds one per client.
    return ClientScopesForm(*args, auto_id=f"scopes-{client_id}-%s", **kwargs)


def _sign_form(uid, *args, **kwargs) -> AgreementSignForm:
    return AgreementSignForm(*args, auto_id=f"sign-{uid}-%s", **kwargs)


def _page_context(**forms) -> dict:
    """The partner page; a form that failed (`client_form`, `agreement_form`, or a row's
    `scopes_form` / `sign_form` with the row's key in `failed_client` / `failed_agreement`)
    comes back with its errors, every other form blank."""
    clients = list(
        PartnerProfile.objects.select_related("application", "organization").order_by("organization_name")
    )
    agreements = list(DataSharingAgreement.objects.select_related("partner").order_by("-start_date"))
    for client in clients:
        client_id = client.application.client_id
        client.scopes_form = (
            forms["scopes_form"]
            if forms.get("failed_client") == client_id
            else _scopes_form(client_id, initial={"scopes": client.allowed_scopes.split()})
        )
    for agreement in agreements:
        agreement.sign_form = (
            forms["sign_form"]
            if forms.get("failed_agreement") == agreement.uid
            else _sign_form(agreement.uid)
        )
    return {
        "clients": clients,
        "agreements": agreements,
        "endpoints": WebhookEndpoint.objects.select_related("client").order_by("created_at"),
        "today": timezone.localdate(),
        "client_form": forms.get("client_form") or PartnerClientForm(),
        "agreement_form": forms.get("agreement_form") or AgreementForm(),
        "revoke_form": RevokeForm(),
        # In the context itself too, so the page's error summary lists its errors.
        "failed_row_form": forms.get("scopes_form") or forms.get("sign_form"),
        "failed_client": forms.get("failed_client"),
        "failed_agreement": forms.get("failed_agreement"),
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
def client_scopes(request: HttpRequest, client_id: str) -> HttpResponse:
    profile = get_object_or_404(PartnerProfile, application__client_id=client_id)
    form = _scopes_form(client_id, request.POST)
    if form.is_valid():
        try:
            partner_client_update(
                profile=profile, acting_user=request.user, scopes=form.cleaned_data["scopes"]
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Scopes of %(client)s changed: its next call is checked against them.")
                % {"client": client_id},
            )
            return redirect("external_api:partners")
    context = _page_context(scopes_form=form, failed_client=client_id)
    return render(request, "external_api/partners.html", context, status=400)


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
def agreement_sign_view(request: HttpRequest, uid) -> HttpResponse:
    agreement = get_object_or_404(DataSharingAgreement, uid=uid)
    form = _sign_form(agreement.uid, request.POST, request.FILES)
    if form.is_valid():
        try:
            agreement_sign(agreement=agreement, acting_user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agreement signed: it is in force from its start date."))
            return redirect("external_api:partners")
    context = _page_context(sign_form=form, failed_agreement=agreement.uid)
    return render(request, "external_api/partners.html", context, status=400)


@requires(MANAGE)
@require_POST
def endpoint_toggle(request: HttpRequest, uid) -> HttpResponse:
    """OOBC turns a partner's endpoint off (deliveries stop being attempted) or back on."""
    endpoint = get_object_or_404(WebhookEndpoint, uid=uid)
    webhook_endpoint_update(
        endpoint=endpoint, is_active=not endpoint.is_active, turned_off_by=_("Turned off by OOBC.")
    )
    if endpoint.is_active:
        messages.success(request, _("Endpoint turned back on: new events are delivered to it."))
    else:
        messages.success(
            request, _("Endpoint turned off: no event is delivered to it until it is turned on.")
        )
    return redirect("external_api:partners")


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
