"""The OCM oversight dashboard's pages: the dashboard (from the latest snapshot, or live for
narrower filters), the gap list, the overlap queue with its review, and CSV exports.

Reading needs the dashboard's VIEW grant (OCM executive, OOBC executive, OOBC staff);
reviewing overlaps, running detection and taking a snapshot need CHANGE (OOBC executive).
Every page works without JavaScript; htmx requests get the page's named partial.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.errors import ApplicationError
from common.forms import add_service_errors
from common.htmx import paginate, render_results
from common.permissions import Action, Area, area_rule, has_access, requires
from ocm_dashboard import exports
from ocm_dashboard.filters import (
    DashboardFilterForm,
    GapFilterForm,
    OverlapFilter,
    default_fiscal_year,
)
from ocm_dashboard.forms import OverlapReviewForm
from ocm_dashboard.selectors.gaps import community_gap_list, gap_rows, gap_threshold, sector_gaps
from ocm_dashboard.selectors.overlaps import (
    overlap_get,
    overlap_list,
    overlap_place,
    overlap_ppas,
    overlap_reason,
)
from ocm_dashboard.selectors.page import dashboard_page
from ocm_dashboard.services.overlaps import overlap_review
from ocm_dashboard.services.snapshots import overlaps_detection_request, snapshot_request

VIEW = area_rule(Area.DASHBOARD, Action.VIEW)
CHANGE = area_rule(Area.DASHBOARD, Action.CHANGE)


def may_change(request: HttpRequest) -> bool:
    return has_access(request.user, Area.DASHBOARD, Action.CHANGE)


def _read_filters(request: HttpRequest, form_class=DashboardFilterForm):
    """The filters asked for; with no fiscal year, the default one, which the filter form
    then shows (the page and its CSV must say which year they are about)."""
    params = request.GET.copy()
    if not params.get("fiscal_year"):
        params["fiscal_year"] = str(default_fiscal_year())
    form = form_class(params)
    return form, (form.filters() if form.is_valid() else None)


def _invalid(request: HttpRequest, template: str, form) -> HttpResponse:
    """Filters that do not validate: the page with the form's errors, and no figures."""
    return render(request, template, {"filter_form": form, "invalid": True}, status=400)


@requires(VIEW)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form, filters = _read_filters(request)
    if filters is None:
        return _invalid(request, "ocm_dashboard/dashboard.html", form)
    figures = dashboard_page(
        filters=filters, user=request.user, language=get_language() or "", query=request.GET.urlencode()
    )
    context = {"filter_form": form, "can_change": may_change(request), **figures}
    template = "ocm_dashboard/dashboard.html" + ("#body" if request.htmx else "")
    response = render(request, template, context)
    if tile_origin := _tile_origin(getattr(settings, "OCM_DASHBOARD_TILE_URL", "")):
        response._csp_update = {"img-src": [tile_origin]}  # django-csp: this response only
    return response


def _tile_origin(tile_url: str) -> str:
    """The CSP source for a tile server URL template ({s} subdomains become a wildcard)."""
    if not tile_url:
        return ""
    parts = urlsplit(tile_url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme == "https" and parts.netloc else ""


@requires(VIEW)
@require_GET
def gap_list(request: HttpRequest) -> HttpResponse:
    form, filters = _read_filters(request, GapFilterForm)
    if filters is None:
        return _invalid(request, "ocm_dashboard/gaps.html", form)
    min_ppas = gap_threshold(form.cleaned_data.get("min_ppas") if form.is_bound else None)
    page = paginate(request, community_gap_list(filters=filters, min_ppas=min_ppas))
    context = {
        "filter_form": form,
        "filters": filters,
        "min_ppas": min_ppas,
        "page_obj": page,
        "gaps": gap_rows(page.object_list, filters=filters),
        "sector_gaps": sector_gaps(filters=filters),
    }
    return render_results(request, "ocm_dashboard/gaps.html", context)


def _overlap_filterset(request: HttpRequest) -> OverlapFilter:
    """The queue's filters; the fiscal year defaults to the current one."""
    params = request.GET.copy()
    if not params.get("fiscal_year"):
        params["fiscal_year"] = str(default_fiscal_year())
    return OverlapFilter(params, queryset=overlap_list())


@requires(VIEW)
@require_GET
def overlap_queue_page(request: HttpRequest) -> HttpResponse:
    overlaps = _overlap_filterset(request)
    if not overlaps.is_valid():
        return _invalid(request, "ocm_dashboard/overlaps.html", overlaps.form)
    context = {
        "filter_form": overlaps.form,
        "page_obj": paginate(request, overlaps.qs),
        "fiscal_year": overlaps.form.cleaned_data["fiscal_year"],
        "can_change": may_change(request),
    }
    return render_results(request, "ocm_dashboard/overlaps.html", context)


def _overlap_page(request: HttpRequest, overlap, form, status: int = 200) -> HttpResponse:
    context = {
        "overlap": overlap,
        "reason": overlap_reason(overlap),
        "place": overlap_place(overlap),
        "ppas": overlap_ppas(overlap),
        "form": form,
        "can_change": may_change(request),
    }
    return render(request, "ocm_dashboard/overlap_detail.html", context, status=status)


@requires(VIEW)
@require_GET
def overlap_detail(request: HttpRequest, uid) -> HttpResponse:
    overlap = overlap_get(uid=uid)
    form = OverlapReviewForm(initial={"status": overlap.status, "notes": overlap.review_notes})
    return _overlap_page(request, overlap, form)


@requires(CHANGE)
@require_POST
def overlap_review_page(request: HttpRequest, uid) -> HttpResponse:
    overlap = overlap_get(uid=uid)
    form = OverlapReviewForm(request.POST)
    if form.is_valid():
        try:
            overlap_review(overlap=overlap, acting_user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your review of this overlap was saved."))
            return redirect("ocm_dashboard:overlap_detail", uid=overlap.uid)
    return _overlap_page(request, overlap, form, status=400)


def _fiscal_year_from(request: HttpRequest) -> int:
    form = DashboardFilterForm({"fiscal_year": request.POST.get("fiscal_year", "")})
    return form.filters().fiscal_year if form.is_valid() else default_fiscal_year()


def _back_to_dashboard(fiscal_year: int) -> HttpResponse:
    return redirect(f"{reverse('ocm_dashboard:index')}?fiscal_year={fiscal_year}")


@requires(CHANGE)
@require_POST
def overlaps_detect_page(request: HttpRequest) -> HttpResponse:
    fiscal_year = _fiscal_year_from(request)
    overlaps_detection_request(fiscal_year=fiscal_year, acting_user=request.user)
    messages.success(request, _("Overlap detection for FY%(year)s has started.") % {"year": fiscal_year})
    return redirect(f"{reverse('ocm_dashboard:overlap_list')}?fiscal_year={fiscal_year}")


@requires(CHANGE)
@require_POST
def snapshot_take_page(request: HttpRequest) -> HttpResponse:
    fiscal_year = _fiscal_year_from(request)
    snapshot_request(fiscal_year=fiscal_year, acting_user=request.user)
    messages.success(
        request, _("A snapshot of FY%(year)s was requested; reload in a moment.") % {"year": fiscal_year}
    )
    return _back_to_dashboard(fiscal_year)


# --- CSV exports ---------------------------------------------------------------------


@requires(VIEW)
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """?table=mao|sector|coverage|gaps|sector-gaps|overlaps|changes with the page's filters."""
    name = request.GET.get("table", "")
    if name not in exports.EXPORT_TABLES:
        raise Http404("No such table.")
    if name == "overlaps":
        overlaps = _overlap_filterset(request)
        if not overlaps.is_valid():
            return _invalid(request, "ocm_dashboard/overlaps.html", overlaps.form)
        filename = f"obcms-overlaps-{overlaps.form.cleaned_data['fiscal_year']}.csv"
        return exports.csv_response(filename, *exports.overlap_table(overlaps.qs))
    form_class = GapFilterForm if name == "gaps" else DashboardFilterForm
    form, filters = _read_filters(request, form_class)
    if filters is None:
        return _invalid(request, "ocm_dashboard/dashboard.html", form)
    min_ppas = form.cleaned_data.get("min_ppas") if name == "gaps" and form.is_bound else None
    columns, rows = exports.dashboard_table(name, filters, min_ppas=min_ppas)
    return exports.csv_response(f"obcms-{name}-{filters.fiscal_year}.csv", columns, rows)
