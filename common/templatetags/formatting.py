"""Philippine formats for templates: money in pesos, long dates with the weekday."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def peso(value, decimals: int = 2) -> str:
    """₱1,234,567.00 (comma thousands, point decimals, in both languages); '' for no value."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}₱{abs(amount):,.{int(decimals)}f}"


@register.filter
def longdate(value) -> str:
    """Lunes, Disyembre 7, 2026 / Monday, December 7, 2026: the weekday matters for due dates."""
    if not value:
        return ""
    return formats.date_format(value, "l, " + formats.get_format("DATE_FORMAT"))
