"""Filters for organizations, focal persons and engagements (API and staff pages alike).
Related objects are named by their uid, never by database ids."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import FiscalYearFilter, ListFilterSet, choices_widget, search_words
from coordination.models import (
    ActionItem,
    ActionItemStatus,
    Attendance,
    EngagementParticipant,
    EngagementStatus,
    EngagementType,
    FocalPerson,
    FocalRole,
    Organization,
    OrganizationKind,
    Rsvp,
    StakeholderEngagement,
)


def _uid(field_name: str, label: str) -> django_filters.UUIDFilter:
    return django_filters.UUIDFilter(field_name=f"{field_name}__uid", label=f"{label} uid")


class OrganizationFilter(ListFilterSet):
    q = django_filters.CharFilter(method="search", label="Name, acronym or mandate")
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices)
    is_active = django_filters.BooleanFilter()
    parent = _uid("parent", "Parent organization")

    class Meta:
        model = Organization
        fields = ["q", "kind", "is_active", "parent"]

    bar_fields = ("q",)
    bar_labels = {"q": _("Search")}
    search_placeholder = _("Name, acronym or mandate")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_words(queryset, ("name", "acronym", "mandate"), value)


class FocalPersonFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=FocalRole.choices)
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = FocalPerson
        fields = ["role", "is_active"]


class EngagementFilter(ListFilterSet):
    q = django_filters.CharFilter(method="search", label="Title, agenda or venue")
    engagement_type = django_filters.ChoiceFilter(choices=EngagementType.choices)
    status = django_filters.ChoiceFilter(choices=EngagementStatus.choices)
    fiscal_year = FiscalYearFilter()
    quarter = django_filters.NumberFilter()
    organization = django_filters.UUIDFilter(
        method="involving", label="Organization uid (organizer or participating organization)"
    )

    class Meta:
        model = StakeholderEngagement
        fields = ["q", "engagement_type", "status", "fiscal_year", "quarter", "organization"]

    bar_fields = ("q", "engagement_type", "status", "fiscal_year", "quarter")
    bar_labels = {"q": _("Search"), "engagement_type": _("Type"), "fiscal_year": _("Fiscal year")}
    search_placeholder = _("Title, agenda or venue")

    def bar_widgets(self) -> dict[str, forms.Widget]:
        return {"quarter": choices_widget(lambda: [(quarter, f"Q{quarter}") for quarter in range(1, 5)])}

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_words(queryset, ("title", "agenda", "venue"), value)

    def involving(self, queryset: QuerySet, name: str, value) -> QuerySet:
        participating = StakeholderEngagement.participating_organizations.through.objects.filter(
            stakeholderengagement=OuterRef("pk"), organization__uid=value
        )
        return queryset.filter(Q(organizer__uid=value) | Exists(participating))


class ParticipantFilter(django_filters.FilterSet):
    rsvp = django_filters.ChoiceFilter(choices=Rsvp.choices)
    attendance = django_filters.ChoiceFilter(choices=Attendance.choices)
    organization = _uid("organization", "Organization")

    class Meta:
        model = EngagementParticipant
        fields = ["rsvp", "attendance", "organization"]


class ActionItemFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ActionItemStatus.choices)
    owner_organization = _uid("owner_organization", "Owner organization")

    class Meta:
        model = ActionItem
        fields = ["status", "owner_organization"]
