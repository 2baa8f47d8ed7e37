"""What every staff list page does the same way: 25 rows a page, a total counted only as
far as it is cheap, and one template that renders the whole page or, for an htmx request,
only its `#results` partial."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property

from common.counting import COUNT_LIMIT, count_up_to

PAGE_SIZE = 25


class CappedPaginator(Paginator):
    """Django's paginator with a total that stops counting at COUNT_LIMIT: `count` is exact
    when `count_exact`, else COUNT_LIMIT ("more than"), and the pages stop there too (past
    them, narrower filters find a row faster than paging would)."""

    count_limit = COUNT_LIMIT

    @cached_property
    def counted(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return count_up_to(self.object_list, self.count_limit)
        return len(self.object_list)

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.count_limit)

    @property
    def count_exact(self) -> bool:
        return self.counted <= self.count_limit


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    """The page the query string asks for; a missing or invalid number gives the first,
    one past the end the last."""
    return CappedPaginator(queryset, per_page).get_page(request.GET.get("page"))


def render_results(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """The `#results` partial (django-template-partials) for htmx, the page otherwise."""
    return render(request, f"{template}#results" if request.htmx else template, context)
