"""Presentation helpers for catalog templates (no business rules here)."""

from django import template
from django.utils.translation import ngettext

from service_catalog.models import WORKING_DAY_MINUTES

register = template.Library()


@register.filter
def working_time(minutes: int) -> str:
    """480 -> '1 working day', 90 -> '1 hour 30 minutes'."""
    minutes = int(minutes or 0)
    days, rest = divmod(minutes, WORKING_DAY_MINUTES)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%d working day", "%d working days", days) % days)
    if hours:
        parts.append(ngettext("%d hour", "%d hours", hours) % hours)
    if mins or not parts:
        parts.append(ngettext("%d minute", "%d minutes", mins) % mins)
    return " ".join(parts)


@register.filter
def total_fees(entry):
    return sum((step.fee for step in entry.steps.all()), 0)


@register.filter
def total_minutes(entry) -> int:
    return sum(step.duration_minutes for step in entry.steps.all())
