"""Filters of the meeting lists (API query parameters and the pages' filter forms)."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from automation.models import PreMeetingReport, QuarterlyMeetingSeries, ReportStatus, SeriesScope
from coordination.models import EngagementStatus, StakeholderEngagement


class SeriesFilter(django_filters.FilterSet):
    fiscal_year = django_filters.NumberFilter()
    scope = django_filters.ChoiceFilter(choices=SeriesScope.choices)
    mao = django_filters.UUIDFilter(field_name="mao__uid")
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = QuarterlyMeetingSeries
        fields = ["fiscal_year", "scope", "mao", "is_active"]


class MeetingFilter(django_filters.FilterSet):
    fiscal_year = django_filters.NumberFilter(field_name="series_link__series__fiscal_year")
    quarter = django_filters.NumberFilter(field_name="series_link__quarter")
    series = django_filters.UUIDFilter(field_name="series_link__series__uid")
    mao = django_filters.UUIDFilter(method="filter_mao", label="MAO (uid)")
    status = django_filters.ChoiceFilter(choices=EngagementStatus.choices)
    upcoming = django_filters.BooleanFilter(method="filter_upcoming")

    class Meta:
        model = StakeholderEngagement
        fields = ["fiscal_year", "quarter", "series", "mao", "status", "upcoming"]

    def filter_mao(self, queryset, name, value):
        # Meetings the MAO is invited to (the plenary and its own series).
        return queryset.filter(participating_organizations__uid=value)

    def filter_upcoming(self, queryset, name, value):
        later = Q(planned_start__gt=timezone.now())
        return queryset.filter(later) if value else queryset.exclude(later)


class ReportFilter(django_filters.FilterSet):
    meeting = django_filters.UUIDFilter(field_name="engagement__uid")
    fiscal_year = django_filters.NumberFilter(field_name="engagement__fiscal_year")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    organization = django_filters.UUIDFilter(field_name="organization__uid")

    class Meta:
        model = PreMeetingReport
        fields = ["meeting", "fiscal_year", "status", "organization"]
