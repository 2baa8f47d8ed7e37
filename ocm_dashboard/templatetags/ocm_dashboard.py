"""Formatting of dashboard payload figures (money arrives as exact decimal strings)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

register = template.Library()
DASH = "—"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def peso(value) -> str:
    """₱1,234,568 (whole pesos; the CSV export keeps the centavos)."""
    amount = _decimal(value)
    return DASH if amount is None else f"₱{amount:,.0f}"


@register.filter
def peso_short(value) -> str:
    """₱12.3M, ₱450K: for headline cards."""
    amount = _decimal(value)
    if amount is None:
        return DASH
    for limit, suffix in ((Decimal(10**9), "B"), (Decimal(10**6), "M"), (Decimal(10**3), "K")):
        if abs(amount) >= limit:
            return f"₱{amount / limit:,.1f}{suffix}"
    return f"₱{amount:,.0f}"


@register.filter
def signed_peso(value) -> str:
    amount = _decimal(value)
    if amount is None:
        return DASH
    return f"{'+' if amount > 0 else '−' if amount < 0 else ''}₱{abs(amount):,.0f}"


@register.filter
def signed(value) -> str:
    if value is None:
        return DASH
    return f"{'+' if value > 0 else '−' if value < 0 else ''}{abs(value):,}"


@register.filter
def pct(value) -> str:
    """A ratio (0.452) as 45.2%."""
    if value is None or value == "":
        return DASH
    return f"{float(value) * 100:.1f}%"


@register.filter
def number(value) -> str:
    if value is None or value == "":
        return DASH
    return f"{value:,}" if isinstance(value, int) else str(value)


@register.filter
def days_since(value) -> int | None:
    """Days from an ISO date to today (data freshness)."""
    if not value:
        return None
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return (timezone.localdate() - day).days


@register.filter
def iso_datetime(value):
    """An ISO datetime string as an aware datetime, for the date filter."""
    from django.utils.dateparse import parse_datetime

    return parse_datetime(value) if value else None


@register.filter
def iso_date(value):
    """An ISO date string as a date, for the date filter."""
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


FIGURE_LABELS = {
    # "ppas" counts entries: PPAs and special provisions alike.
    "ppas": _("Entries"),
    "budget_allocated": _("Budget allocated"),
    "budget_utilized": _("Budget utilised"),
    "beneficiaries": _("Beneficiaries"),
    "communities_served": _("Communities served"),
    "on_track": _("Entries on track"),
}


@register.filter
def figure_label(name: str) -> str:
    return FIGURE_LABELS.get(name, name.replace("_", " ").capitalize())


@register.simple_tag(takes_context=True)
def drill_href(context, **changes) -> str:
    """The current URL's query with some parameters set or (None) removed, back to page 1:
    {% drill_href province=row.psgc municipality=None as href %}."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = str(value)
    return "?" + query.urlencode()


@register.filter
def sector_label(value: str) -> str:
    from common.models import Sector

    return str(Sector(value).label) if value in Sector.values else value


@register.filter
def ppa_status_label(value: str) -> str:
    from monitoring.models import PpaStatus

    return str(PpaStatus(value).label) if value in PpaStatus.values else value
