"""Staff pages of OBC communities: the filterable list and each community's profile.

Communities belong to no MAO, so every registry role reads all of them; the PPAs listed on
a profile are only those the user may see (a MAO focal person: their own MAO's).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.filters import CommunityFilter
from common.htmx import paginate, render_results
from common.permissions import Action, Area, area_rule, requires
from common.scoping import is_own_mao_scoped
from common.selectors.communities import community_get, community_list

VIEW = area_rule(Area.REGISTRY, Action.VIEW)


@requires(VIEW)
@require_GET
def community_list_page(request: HttpRequest) -> HttpResponse:
    communities = community_list(user=request.user, filters=request.GET)
    context = {"page_obj": paginate(request, communities), "filter_form": CommunityFilter(request.GET).bar()}
    return render_results(request, "common/communities/community_list.html", context)


@requires(VIEW)
@require_GET
def community_detail(request: HttpRequest, uid) -> HttpResponse:
    community = community_get(user=request.user, uid=uid)
    context = {"community": community, "own_mao_only": is_own_mao_scoped(request.user, Area.REGISTRY)}
    return render(request, "common/communities/community_detail.html", context)
