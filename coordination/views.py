"""Staff pages of MAOs and stakeholder engagements.

A MAO focal person sees their own organization and the engagements it organizes or takes
part in; any other answers 404 (the selectors decide). Lists render their `#results`
partial for htmx requests and the whole page otherwise.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.extensions import provided
from common.htmx import paginate, render_results
from common.links import home_url
from common.permissions import Action, Area, area_rule, requires
from coordination.filters import EngagementFilter, OrganizationFilter
from coordination.selectors import (
    engagement_get,
    engagement_list,
    mao_list,
    organization_get,
)

VIEW = area_rule(Area.REGISTRY, Action.VIEW)


@requires(VIEW)
@require_GET
def organization_list_page(request: HttpRequest) -> HttpResponse:
    maos = mao_list(user=request.user, filters=request.GET)
    context = {"page_obj": paginate(request, maos), "filter_form": OrganizationFilter(request.GET).bar()}
    return render_results(request, "coordination/organization_list.html", context)


@requires(VIEW)
@require_GET
def organization_detail(request: HttpRequest, uid) -> HttpResponse:
    organization = organization_get(user=request.user, uid=uid)
    # The MAO's PPAs are monitoring's: it provides them (coordination sits below monitoring).
    ppas = provided("organization_ppas")(user=request.user, organization=organization)
    context = {"organization": organization, "page_obj": paginate(request, ppas)}
    return render_results(request, "coordination/organization_detail.html", context)


@requires(VIEW)
@require_GET
def engagement_list_page(request: HttpRequest) -> HttpResponse:
    engagements = engagement_list(user=request.user, filters=request.GET)
    context = {"page_obj": paginate(request, engagements), "filter_form": EngagementFilter(request.GET).bar()}
    return render_results(request, "coordination/engagement_list.html", context)


@requires(VIEW)
@require_GET
def engagement_detail(request: HttpRequest, uid) -> HttpResponse:
    engagement = engagement_get(user=request.user, uid=uid)
    context = {"engagement": engagement, "home_url": home_url(engagement)}
    return render(request, "coordination/engagement_detail.html", context)
