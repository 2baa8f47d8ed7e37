"""Staff pages of the PPA register.

Lists render the whole page, or only their `#results` partial for htmx requests; forms post
normally and come back with the service's field errors. Reading needs the registry's VIEW
grant, writing its CHANGE grant; a MAO focal person reaches only their own MAO's PPAs
(monitoring.selectors.ppa_get answers 404 for the others).
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from common.errors import ApplicationError
from common.forms import add_service_errors
from common.htmx import paginate, render_results
from common.permissions import Action, Area, area_rule, has_access, public, requires
from monitoring import selectors
from monitoring.filters import PpaFilter
from monitoring.forms import PpaForm, ProgressReportForm
from monitoring.public import accountability_for, accountability_places
from monitoring.services.ppas import ppa_create, ppa_progress_report, ppa_update

VIEW = area_rule(Area.REGISTRY, Action.VIEW)
CHANGE = area_rule(Area.REGISTRY, Action.CHANGE)


def may_change(request: HttpRequest) -> bool:
    return has_access(request.user, Area.REGISTRY, Action.CHANGE)


@requires(VIEW)
@require_GET
def ppa_list(request: HttpRequest) -> HttpResponse:
    ppas = selectors.ppa_list(user=request.user, filters=request.GET)
    context = {
        "page_obj": paginate(request, ppas),
        "filter_form": PpaFilter(request.GET).bar(request.user),
        "can_change": may_change(request),
    }
    return render_results(request, "monitoring/ppa_list.html", context)


@requires(VIEW)
@require_GET
def ppa_detail(request: HttpRequest, uid) -> HttpResponse:
    ppa = selectors.ppa_get(user=request.user, uid=uid)
    return render(request, "monitoring/ppa_detail.html", {"ppa": ppa, "can_change": may_change(request)})


def _ppa_form_page(request: HttpRequest, ppa=None) -> HttpResponse:
    """Create (ppa=None) or edit. "Show communities in this area" (name=refresh) only
    reloads the form with the choices of the new coverage: it saves nothing."""
    posted = request.POST if request.method == "POST" else None
    if posted is not None and "refresh" in posted:
        form = PpaForm.reloaded(posted, user=request.user, ppa=ppa)
    else:
        form = PpaForm(posted, user=request.user, ppa=ppa)
    if posted is not None and "refresh" not in posted and form.is_valid():
        try:
            if ppa is None:
                ppa = ppa_create(acting_user=request.user, **form.service_arguments())
            else:
                ppa = ppa_update(ppa=ppa, acting_user=request.user, **form.service_arguments())
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The PPA “%(title)s” was saved.") % {"title": ppa.title})
            return redirect("monitoring:ppa_detail", uid=ppa.uid)
    return render(request, "monitoring/ppa_form.html", {"form": form, "ppa": ppa})


@requires(CHANGE)
@require_http_methods(["GET", "POST"])
def ppa_create_page(request: HttpRequest) -> HttpResponse:
    return _ppa_form_page(request)


@requires(CHANGE)
@require_http_methods(["GET", "POST"])
def ppa_edit(request: HttpRequest, uid) -> HttpResponse:
    return _ppa_form_page(request, selectors.ppa_get(user=request.user, uid=uid))


@requires(CHANGE)
@require_http_methods(["GET", "POST"])
def ppa_progress(request: HttpRequest, uid) -> HttpResponse:
    ppa = selectors.ppa_get(user=request.user, uid=uid)
    form = ProgressReportForm(request.POST if request.method == "POST" else None, ppa=ppa)
    if request.method == "POST" and form.is_valid():
        try:
            ppa_progress_report(ppa=ppa, acting_user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The progress report was recorded."))
            return redirect("monitoring:ppa_detail", uid=ppa.uid)
    return render(request, "monitoring/ppa_progress.html", {"form": form, "ppa": ppa})


# --- Public: what is being done where ------------------------------------------------------


@public
@require_GET
def public_accountability_index(request: HttpRequest) -> HttpResponse:
    """Choose a city or municipality (a plain GET form, no JavaScript)."""
    place = request.GET.get("place", "").strip()
    if place.isdigit() and len(place) == 10:
        return redirect("monitoring:public_accountability", psgc=place)
    return render(request, "monitoring/public_accountability.html", {"places": accountability_places()})


@public
@require_GET
def public_accountability(request: HttpRequest, psgc: str) -> HttpResponse:
    """PPAs serving a city, municipality or barangay: their MAO, budget and progress."""
    view = accountability_for(psgc_code=psgc)
    if view is None:
        raise Http404("No such place.")
    return render(request, "monitoring/public_accountability.html", {"view": view, "places": None})
