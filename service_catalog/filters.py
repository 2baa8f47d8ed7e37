"""Filters of the staff lists: catalog entries and the request triage queue."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import add_working_days
from common.filters import ListFilterSet, choices_widget, search_text
from common.models import Sector
from common.permissions import Area
from common.scoping import is_own_mao_scoped
from service_catalog import sla
from service_catalog.models import (
    OPEN_STATUSES,
    SLA_RUNNING_STATUSES,
    EntryStatus,
    RequestStatus,
    ServiceCatalogEntry,
    ServiceRequest,
)


class EntryFilter(ListFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    status = django_filters.ChoiceFilter(choices=EntryStatus.choices)
    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    mao = django_filters.UUIDFilter(field_name="mao__uid", label="MAO")

    class Meta:
        model = ServiceCatalogEntry
        fields: list[str] = []

    bar_fields = ("q", "status", "sector")
    bar_labels = {"q": _("Search"), "status": _("Status"), "sector": _("Sector")}
    search_placeholder = _("Title or summary")

    def search(self, queryset, name, value):
        value = search_text(value)
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))


class SlaFilter:
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    PAUSED = "paused"
    CHOICES = [
        (DUE_SOON, _("Due within 2 working days or overdue")),
        (OVERDUE, _("Overdue")),
        (PAUSED, _("Waiting for the requester")),
    ]


class RequestFilter(ListFilterSet):
    q = django_filters.CharFilter(method="search", label="Tracking code")
    status = django_filters.ChoiceFilter(
        choices=[("open", _("All open")), *RequestStatus.choices], method="by_status"
    )
    mao = django_filters.UUIDFilter(field_name="service__mao__uid", label="MAO")
    sla = django_filters.ChoiceFilter(choices=SlaFilter.CHOICES, method="by_sla", label="Charter time")
    assigned = django_filters.ChoiceFilter(
        choices=[("me", "Assigned to me"), ("nobody", "Not assigned")], method="by_assignee", label="Assigned"
    )

    class Meta:
        model = ServiceRequest
        fields: list[str] = []

    bar_fields = ("q", "status", "mao", "sla")
    bar_defaults = {"status": "open"}  # the triage shows the open requests unless asked
    bar_labels = {"q": _("Tracking code"), "status": _("Status"), "mao": _("MAO"), "sla": _("Charter time")}

    def adapt_bar(self, form: forms.Form, user) -> None:
        if is_own_mao_scoped(user, Area.CATALOG):
            del form.fields["mao"]  # the user's own MAO: nothing to choose
            return
        # The selectors read these filters, so their choices are imported when the bar renders.
        from service_catalog.selectors import public_filter_options

        form.fields["mao"].widget = choices_widget(
            lambda: [(uid, acronym or name) for uid, name, acronym in public_filter_options()["maos"]]
        )

    def __init__(self, *args, request_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_user = request_user

    def search(self, queryset, name, value):
        return queryset.filter(tracking_code__icontains=search_text(value))

    def by_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def by_sla(self, queryset, name, value):
        today = timezone.localdate()
        if value == SlaFilter.PAUSED:
            return queryset.filter(status=RequestStatus.NEEDS_INFO)
        running = queryset.filter(status__in=SLA_RUNNING_STATUSES)
        if value == SlaFilter.OVERDUE:
            return running.filter(sla_due_on__lt=today)
        return running.filter(sla_due_on__lte=add_working_days(today, sla.DUE_SOON_WORKING_DAYS))

    def by_assignee(self, queryset, name, value):
        if value == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        if self.request_user is not None:
            return queryset.filter(assigned_to=self.request_user)
        return queryset.none()
