"""What every staff list page does the same way: 25 rows a page, and one template that
renders the whole page or, for an htmx request, only its `#results` partial."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PAGE_SIZE = 25


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    """The page the query string asks for; a missing or invalid number gives the first,
    one past the end the last."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def render_results(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """The `#results` partial (django-template-partials) for htmx, the page otherwise."""
    return render(request, f"{template}#results" if request.htmx else template, context)
