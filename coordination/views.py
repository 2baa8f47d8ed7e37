"""Staff pages of MAOs and stakeholder engagements.

A MAO focal person sees their own organization and the engagements it organizes or takes
part in; any other answers 404 (the selectors decide). Lists render their `#results`
partial for htmx requests and the whole page otherwise.
"""

from decimal import Decimal

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.htmx import paginate, render_results
from common.links import home_url
from common.permissions import Action, Area, area_rule, requires
from coordination.forms import EngagementFilterForm, OrganizationFilterForm
from coordination.models import OrganizationKind
from coordination.selectors import (
    PPA_CATEGORIES,
    engagement_get,
    engagement_list,
    organization_get,
    organization_list,
)
from monitoring.selectors import ppa_list

VIEW = area_rule(Area.REGISTRY, Action.VIEW)


@requires(VIEW)
@require_GET
def organization_list_page(request: HttpRequest) -> HttpResponse:
    filters = request.GET.copy()
    filters["kind"] = OrganizationKind.MAO
    maos = (
        organization_list(user=request.user, filters=filters)
        .annotate(
            ppa_count=Count("ppas", filter=PPA_CATEGORIES),
            total_budget=Sum("ppas__budget_allocated", filter=PPA_CATEGORIES, default=Decimal("0")),
        )
        # Each attached agency right after the ministry or office it is attached to.
        .order_by(Coalesce("parent__name", "name"), F("parent").asc(nulls_first=True), "name")
    )
    context = {"page_obj": paginate(request, maos), "filter_form": OrganizationFilterForm(request.GET)}
    return render_results(request, "coordination/organization_list.html", context)


@requires(VIEW)
@require_GET
def organization_detail(request: HttpRequest, uid) -> HttpResponse:
    organization = organization_get(user=request.user, uid=uid)
    ppas = ppa_list(user=request.user, filters={"implementing_mao": str(organization.uid)})
    context = {"organization": organization, "page_obj": paginate(request, ppas)}
    return render_results(request, "coordination/organization_detail.html", context)


@requires(VIEW)
@require_GET
def engagement_list_page(request: HttpRequest) -> HttpResponse:
    engagements = engagement_list(user=request.user, filters=request.GET)
    context = {"page_obj": paginate(request, engagements), "filter_form": EngagementFilterForm(request.GET)}
    return render_results(request, "coordination/engagement_list.html", context)


@requires(VIEW)
@require_GET
def engagement_detail(request: HttpRequest, uid) -> HttpResponse:
    engagement = engagement_get(user=request.user, uid=uid)
    context = {"engagement": engagement, "home_url": home_url(engagement)}
    return render(request, "coordination/engagement_detail.html", context)
