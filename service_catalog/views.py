"""Pages of service_catalog: the public catalog (no login, phone-first, works without
JavaScript) and the staff pages (catalog management and request triage)."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.confirm import Confirmation, confirm_page, is_confirmed
from common.errors import ApplicationError
from common.forms import add_service_errors
from common.htmx import paginate, render_results
from common.permissions import Action, Area, area_rule, public, requires
from common.scoping import is_own_mao_scoped
from service_catalog import selectors
from service_catalog.filters import EntryFilter, RequestFilter
from service_catalog.forms import (
    AssignForm,
    EntryForm,
    PlaceForm,
    RequirementFormSet,
    ServiceRequestForm,
    StatusChangeForm,
    StepFormSet,
    TrackForm,
    formset_rows,
    step_initial,
)
from service_catalog.models import EntryStatus, RequestChannel, RequestStatus
from service_catalog.privacy import PRIVACY_NOTICE, PRIVACY_NOTICE_VERSION
from service_catalog.services.entries import entry_create, entry_set_status, entry_update
from service_catalog.services.requests import (
    service_request_assign,
    service_request_place,
    service_request_respond,
    service_request_submit,
    tracking_code_normalise,
)
from service_catalog.sla import SLA_STATE_LABELS
from service_catalog.throttling import public_request_wait, tracking_miss

PAGE_SIZE = 20
MANAGE = area_rule(Area.CATALOG, Action.CHANGE)


def _too_many(request: HttpRequest, wait: int) -> HttpResponse:
    response = render(
        request, "service_catalog/too_many.html", {"wait_minutes": max(1, wait // 60)}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


# --- Public pages -------------------------------------------------------------------------


@public
@require_GET
def catalog_home(request: HttpRequest) -> HttpResponse:
    """Search and browse the published services. HTMX swaps only the results."""
    rows = selectors.public_entries(filters=request.GET)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "filters": selectors.public_filters(request.GET),
        "options": selectors.public_filter_options(),
        "illustrative": any(row["illustrative"] for row in page.object_list),
    }
    template = "service_catalog/catalog_home.html" + ("#results" if request.htmx else "")
    return render(request, template, context)


@public
@require_GET
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entry = selectors.public_entry_get(key=slug)
    return render(request, "service_catalog/service_detail.html", {"entry": entry})


def _request_form(request: HttpRequest, entry, **kwargs) -> ServiceRequestForm:
    validate_url = reverse("service_catalog:request_check", kwargs={"slug": entry.slug})
    return ServiceRequestForm(entry=entry, validate_url=validate_url, **kwargs)


@public
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, slug: str) -> HttpResponse:
    """The request form. Without JavaScript, "Show barangays" re-displays the form with the
    barangays of the chosen municipality."""
    entry = selectors.public_entry_get(key=slug)
    context = {"entry": entry, "privacy_notice": PRIVACY_NOTICE, "privacy_version": PRIVACY_NOTICE_VERSION}
    if not entry.accepting_requests:
        return render(request, "service_catalog/request_form.html", {**context, "closed": True})
    if request.method == "GET":
        form = _request_form(request, entry)
        return render(request, "service_catalog/request_form.html", {**context, "form": form})
    if "_refresh" in request.POST:
        form = _request_form(request, entry, initial=request.POST.dict())
        return render(request, "service_catalog/request_form.html", {**context, "form": form})
    wait = public_request_wait(request)
    if wait:
        return _too_many(request, wait)
    form = _request_form(request, entry, data=request.POST)
    if form.is_valid():
        try:
            service_request = service_request_submit(
                service=entry,
                channel=RequestChannel.WEB,
                language=request.LANGUAGE_CODE,
                **form.service_fields(),
            )
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("service_catalog:request_received", code=service_request.tracking_code)
    return render(request, "service_catalog/request_form.html", {**context, "form": form}, status=400)


@public
@require_POST
def request_check(request: HttpRequest, slug: str) -> HttpResponse:
    """HTMX inline validation: the changed field, re-rendered with its errors. Saves nothing."""
    entry = selectors.public_entry_get(key=slug)
    form = _request_form(request, entry, data=request.POST)
    name = request.htmx.trigger_name if request.htmx else request.POST.get("_field", "")
    if name not in form.fields:
        raise Http404("No such field.")
    form.is_valid()
    if name == "municipality":
        name = "barangay"  # a new municipality means a new barangay list
        form.errors.pop("barangay", None)
    context = {"form": form, "field": form[name]}
    return render(request, "service_catalog/request_form.html#field", context)


@public
@require_GET
def request_received(request: HttpRequest, code: str) -> HttpResponse:
    """The page after a submission. An unknown code counts as a miss of the track page's
    limiter: this page must not be a second, unlimited way to test codes."""
    try:
        service_request = selectors.public_request_get(code=code)
    except Http404:
        wait = tracking_miss(request, code)
        if wait:
            return _too_many(request, wait)
        raise
    return render(request, "service_catalog/request_received.html", {"service_request": service_request})


def _track_unknown(request: HttpRequest, code: str) -> HttpResponse:
    """An unknown but well-formed code answers on the track form (200), saying so; each miss
    counts against the client's allowance, so guessing codes is stopped early."""
    wait = tracking_miss(request, code)
    if wait:
        return _too_many(request, wait)
    form = TrackForm(initial={"code": code})
    return render(request, "service_catalog/track.html", {"form": form, "unknown_code": code})


@public
@require_GET
def request_track(request: HttpRequest) -> HttpResponse:
    """Type a tracking code, get its status page (or, for an unknown code, this form again)."""
    if "code" not in request.GET:
        return render(request, "service_catalog/track.html", {"form": TrackForm()})
    form = TrackForm(request.GET)
    if form.is_valid():
        code = tracking_code_normalise(form.cleaned_data["code"])
        if code:
            if not selectors.public_request_exists(code=code):
                return _track_unknown(request, code)
            return redirect("service_catalog:request_status", code=code)
        form.add_error("code", _("A tracking code looks like SR-7K3F-9Q2M."))
    return render(request, "service_catalog/track.html", {"form": form}, status=400)


@public
@require_GET
def request_status(request: HttpRequest, code: str) -> HttpResponse:
    """Status, public history and charter clock of a request. Nothing about who asked."""
    canonical = tracking_code_normalise(code)
    if canonical and canonical != code:
        return redirect("service_catalog:request_status", code=canonical)
    try:
        service_request = selectors.public_request_get(code=canonical or "")
    except Http404:
        if canonical:
            return _track_unknown(request, canonical)
        wait = tracking_miss(request, code)
        if wait:
            return _too_many(request, wait)
        raise
    state = selectors.request_sla_state(service_request)
    context = {
        "service_request": service_request,
        "history": selectors.public_history(service_request),
        "sla_state": state,
        "sla_label": SLA_STATE_LABELS[state],
    }
    return render(request, "service_catalog/request_status.html", context)


@public
@require_GET
def charter_index(request: HttpRequest) -> HttpResponse:
    return render(request, "service_catalog/charters.html", {"maos": selectors.public_charter_maos()})


@public
@require_GET
def charter_print(request: HttpRequest, uid) -> HttpResponse:
    """A MAO's Citizen's Charter: every published service, laid out for printing."""
    mao, entries = selectors.public_charter_for_mao(mao_uid=uid)
    context = {"mao": mao, "entries": entries, "printed_on": timezone.localdate()}
    return render(request, "service_catalog/charter_print.html", context)


@public
@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    context = {"privacy_notice": PRIVACY_NOTICE, "privacy_version": PRIVACY_NOTICE_VERSION}
    return render(request, "service_catalog/privacy.html", context)


# --- Staff: catalog management ------------------------------------------------------------


@requires(MANAGE)
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    entries = selectors.entry_list(user=request.user, filters=request.GET)
    context = {
        "page_obj": paginate(request, entries),
        "filter_form": EntryFilter(request.GET).bar(request.user),
        "own_mao_only": is_own_mao_scoped(request.user, Area.CATALOG),
    }
    return render_results(request, "service_catalog/entry_list.html", context)


def _own_mao(user):
    return user.organization if is_own_mao_scoped(user, Area.CATALOG) else None


def _entry_forms(request: HttpRequest, entry=None):
    own_mao = _own_mao(request.user)
    data = request.POST if request.method == "POST" else None
    if entry is None:
        initial, requirements, steps = {}, [], []
    else:
        initial = model_to_dict(entry, fields=EntryForm.Meta.fields)
        requirements = [
            {"requirement": r.requirement, "where_to_secure": r.where_to_secure}
            for r in entry.requirements.all()
        ]
        steps = [step_initial(step) for step in entry.steps.all()]
    return (
        EntryForm(data, initial=initial, own_mao=own_mao),
        RequirementFormSet(data, initial=requirements, prefix="requirements"),
        StepFormSet(data, initial=steps, prefix="steps"),
    )


def _save_entry(request: HttpRequest, entry, form, requirement_formset, step_formset):
    fields = form.service_fields()
    charter = {
        "requirements": formset_rows(requirement_formset),
        "steps": formset_rows(step_formset),
        "coverage_regions": form.cleaned_data["coverage_regions"],
        "coverage_provinces": form.cleaned_data["coverage_provinces"],
    }
    if entry is None:
        return entry_create(acting_user=request.user, mao=form.cleaned_data.get("mao"), **charter, **fields)
    return entry_update(entry=entry, acting_user=request.user, **charter, **fields)


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, uid=None) -> HttpResponse:
    """Create (no uid) or edit an entry with its charter rows (formsets: more rows appear
    after saving; no JavaScript needed)."""
    entry = selectors.entry_get(user=request.user, uid=uid) if uid else None
    form, requirement_formset, step_formset = _entry_forms(request, entry)
    status = 200
    if request.method == "POST":
        if form.is_valid() and requirement_formset.is_valid() and step_formset.is_valid():
            try:
                saved = _save_entry(request, entry, form, requirement_formset, step_formset)
            except ApplicationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("“%(title)s” saved.") % {"title": saved.title})
                return redirect("service_catalog:entry_edit", uid=saved.uid)
        status = 400
    context = {
        "entry": entry,
        "form": form,
        "requirement_formset": requirement_formset,
        "step_formset": step_formset,
        "statuses": EntryStatus,
    }
    return render(request, "service_catalog/entry_form.html", context, status=status)


@requires(MANAGE)
@require_POST
def entry_status(request: HttpRequest, uid) -> HttpResponse:
    entry = selectors.entry_get(user=request.user, uid=uid)
    try:
        entry_set_status(entry=entry, acting_user=request.user, status=request.POST.get("status", ""))
    except ApplicationError as exc:
        for field_messages in exc.fields.values() or [[exc.message]]:
            for message in field_messages:
                messages.error(request, message)
    else:
        messages.success(
            request,
            _("“%(title)s” is now %(status)s.")
            % {"title": entry.title, "status": entry.get_status_display().lower()},
        )
    return redirect("service_catalog:entry_edit", uid=entry.uid)


# --- Staff: request triage ----------------------------------------------------------------


@requires(MANAGE)
@require_GET
def triage(request: HttpRequest) -> HttpResponse:
    """Requests of the user's MAO (all MAOs for OOBC), soonest due first."""
    params = request.GET.copy()
    params.setdefault("status", "open")
    page = paginate(request, selectors.request_list(user=request.user, filters=params))
    today = timezone.localdate()
    states = [(item, selectors.request_sla_state(item, today)) for item in page.object_list]
    rows = [(item, state, SLA_STATE_LABELS[state]) for item, state in states]
    context = {
        "page_obj": page,
        "triage_rows": rows,
        "filter_form": RequestFilter(params, request_user=request.user).bar(request.user),
    }
    return render_results(request, "service_catalog/triage.html", context)


def _request_page(
    request: HttpRequest, service_request, status_form=None, assign_form=None, place_form=None, status=200
):
    state = selectors.request_sla_state(service_request)
    users = selectors.assignable_users(service_request=service_request)
    context = {
        "service_request": service_request,
        "place_form": place_form or PlaceForm(entry=service_request.service),
        "status_form": status_form or StatusChangeForm(current_status=service_request.status),
        "assign_form": assign_form
        or AssignForm(users=users, initial={"assignee": service_request.assigned_to_id}),
        "sla_state": state,
        "sla_label": SLA_STATE_LABELS[state],
    }
    return render(request, "service_catalog/request_detail.html", context, status=status)


@requires(MANAGE)
@require_GET
def request_detail(request: HttpRequest, uid) -> HttpResponse:
    return _request_page(request, selectors.request_get(user=request.user, uid=uid))


def _reject_confirmation(service_request, form: StatusChangeForm) -> Confirmation:
    """Rejecting ends the request for the requester: the step that asks first, carrying the
    notes typed on the request page (the status itself travels hidden)."""
    form.fields["to_status"].widget = forms.HiddenInput()
    code = service_request.tracking_code
    return Confirmation(
        title=_("Reject %(code)s?") % {"code": code},
        action_url=reverse("service_catalog:request_change_status", kwargs={"uid": service_request.uid}),
        button=_("Reject the request"),
        back_url=reverse("service_catalog:request_detail", kwargs={"uid": service_request.uid}),
        back_label=_("No, go back to the request"),
        consequences=[
            _("%(code)s is marked “%(status)s” and leaves the open requests.")
            % {"code": code, "status": RequestStatus.REJECTED.label},
            _(
                "The requester is told at once, with your note to the requester, and sees it on "
                "the status page."
            ),
            _("A rejected request can afterwards only be closed, not reopened."),
        ],
        form=form,
    )


@requires(MANAGE)
@require_POST
def request_change_status(request: HttpRequest, uid) -> HttpResponse:
    """Changes the status or adds a note; rejecting asks first (common/confirm.py) and runs
    only on the confirmed POST."""
    service_request = selectors.request_get(user=request.user, uid=uid)
    form = StatusChangeForm(request.POST, current_status=service_request.status)
    rejecting = request.POST.get("to_status") == RequestStatus.REJECTED
    if form.is_valid() and (is_confirmed(request) or not rejecting):
        try:
            service_request_respond(
                service_request=service_request, acting_user=request.user, **form.cleaned_data
            )
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(code)s updated.") % {"code": service_request.tracking_code})
            return redirect("service_catalog:request_detail", uid=service_request.uid)
    if rejecting:
        confirmation = _reject_confirmation(service_request, form)
        return confirm_page(request, confirmation, status=400 if form.errors else 200)
    return _request_page(request, service_request, status_form=form, status=400)


@requires(MANAGE)
@require_POST
def request_assign(request: HttpRequest, uid) -> HttpResponse:
    service_request = selectors.request_get(user=request.user, uid=uid)
    form = AssignForm(request.POST, users=selectors.assignable_users(service_request=service_request))
    if form.is_valid():
        service_request_assign(
            service_request=service_request, acting_user=request.user, assignee=form.cleaned_data["assignee"]
        )
        messages.success(request, _("%(code)s assigned.") % {"code": service_request.tracking_code})
        return redirect("service_catalog:request_detail", uid=service_request.uid)
    return _request_page(request, service_request, assign_form=form, status=400)


@requires(MANAGE)
@require_POST
def request_place(request: HttpRequest, uid) -> HttpResponse:
    """Put a request that came with only an address or a point in its barangay. Without
    JavaScript, "Show barangays" shows the page again with the chosen municipality's list."""
    service_request = selectors.request_get(user=request.user, uid=uid)
    if "_refresh" in request.POST:
        form = PlaceForm(entry=service_request.service, initial=request.POST.dict())
        return _request_page(request, service_request, place_form=form)
    form = PlaceForm(request.POST, entry=service_request.service)
    if form.is_valid():
        service_request_place(
            service_request=service_request, acting_user=request.user, barangay=form.cleaned_data["barangay"]
        )
        messages.success(request, _("%(code)s placed.") % {"code": service_request.tracking_code})
        return redirect("service_catalog:request_detail", uid=service_request.uid)
    return _request_page(request, service_request, place_form=form, status=400)
