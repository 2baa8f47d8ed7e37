"""Fiscal quarters and Philippine working days.

Fiscal year = calendar year; Q1 Jan–Mar … Q4 Oct–Dec. Working days skip weekends and the
Philippine public holidays the `holidays` package knows, including its Islamic holidays
(Eid al-Fitr, Eid al-Adha) and proclaimed special non-working days. Used for meeting dates,
Citizen's Charter processing ceilings and consultation report deadlines.
"""

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# The years the registers accept, one vocabulary for models, services, forms, filters, APIs.
# The check constraints in monitoring and coordination hold the same bounds.
FISCAL_YEAR_MIN = 2000
FISCAL_YEAR_MAX = 2100
FISCAL_YEARS = range(FISCAL_YEAR_MIN, FISCAL_YEAR_MAX + 1)
FISCAL_YEAR_OUT_OF_RANGE = format_lazy(
    _("Give a fiscal year between {min} and {max}."), min=FISCAL_YEAR_MIN, max=FISCAL_YEAR_MAX
)
QUARTER_FIRST_MONTH = {1: 1, 2: 4, 3: 7, 4: 10}


def current_fiscal_year() -> int:
    """Today's fiscal year in Manila (fiscal year = calendar year)."""
    return timezone.localdate().year


def is_fiscal_year(value: int | None) -> bool:
    return value is not None and FISCAL_YEAR_MIN <= value <= FISCAL_YEAR_MAX


def clamp_fiscal_year(value: int) -> int:
    """The nearest year the registers accept (for a year typed into a page's address)."""
    return min(max(value, FISCAL_YEAR_MIN), FISCAL_YEAR_MAX)


def fiscal_year_in_range(field: str = "fiscal_year") -> Q:
    """The condition of a fiscal-year CheckConstraint (NULL passes, as in SQL)."""
    return Q(**{f"{field}__gte": FISCAL_YEAR_MIN, f"{field}__lte": FISCAL_YEAR_MAX})


def fiscal_year_validators() -> list:
    return [MinValueValidator(FISCAL_YEAR_MIN), MaxValueValidator(FISCAL_YEAR_MAX)]


class FiscalYearFormField(forms.IntegerField):
    """A fiscal year in a form or filter bar."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Fiscal year"))
        kwargs.setdefault("min_value", FISCAL_YEAR_MIN)
        kwargs.setdefault("max_value", FISCAL_YEAR_MAX)
        super().__init__(**kwargs)


class FiscalYearSerializerField(serializers.IntegerField):
    """A fiscal year in an API payload or query string."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", FISCAL_YEAR_MIN)
        kwargs.setdefault("max_value", FISCAL_YEAR_MAX)
        super().__init__(**kwargs)


# Any date the system accepts lies in these years: 9999-12-31 made date arithmetic (a
# meeting's end, its reminders, Manila local time) overflow into a 500.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
DATE_OUT_OF_RANGE = format_lazy(
    _("Use a date from {min} to {max}."), min=DATE_MIN.isoformat(), max=DATE_MAX.isoformat()
)


def is_sane_date(value: date | datetime | None) -> bool:
    if value is None:
        return True
    day = value.date() if isinstance(value, datetime) else value
    return DATE_MIN <= day <= DATE_MAX


class _SaneDateFormMixin:
    def to_python(self, value):
        value = super().to_python(value)
        if not is_sane_date(value):
            raise forms.ValidationError(DATE_OUT_OF_RANGE, code="date_out_of_range")
        return value


class SaneDateFormField(_SaneDateFormMixin, forms.DateField):
    pass


class SaneDateTimeFormField(_SaneDateFormMixin, forms.DateTimeField):
    pass


class _SaneDateSerializerMixin:
    def to_internal_value(self, value):
        value = super().to_internal_value(value)
        if not is_sane_date(value):
            raise serializers.ValidationError(str(DATE_OUT_OF_RANGE), code="date_out_of_range")
        return value


class SaneDateSerializerField(_SaneDateSerializerMixin, serializers.DateField):
    pass


class SaneDateTimeSerializerField(_SaneDateSerializerMixin, serializers.DateTimeField):
    pass


def sane_dates_everywhere() -> None:
    """Every date and datetime a model serializer or a model form derives from a model field
    gets the bounds (called once from CommonConfig.ready()); declared fields use the Sane*
    fields above."""
    from django.db import models
    from rest_framework.serializers import ModelSerializer

    ModelSerializer.serializer_field_mapping[models.DateField] = SaneDateSerializerField
    ModelSerializer.serializer_field_mapping[models.DateTimeField] = SaneDateTimeSerializerField
    for model_field, form_field in (
        (models.DateField, SaneDateFormField),
        (models.DateTimeField, SaneDateTimeFormField),
    ):
        if getattr(model_field.formfield, "_sane", False):
            continue
        original = model_field.formfield

        def formfield(self, _original=original, _form_field=form_field, **kwargs):
            kwargs.setdefault("form_class", _form_field)
            return _original(self, **kwargs)

        formfield._sane = True
        model_field.formfield = formfield


def quarter_of(day: date | datetime) -> int:
    """The fiscal quarter (1 to 4) of a date, or of an aware datetime's Manila date."""
    if isinstance(day, datetime):
        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    return (day.month - 1) // 3 + 1


def quarter_bounds(fiscal_year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a fiscal quarter."""
    if quarter not in QUARTER_FIRST_MONTH:
        raise ValueError(f"quarter must be 1 to 4, not {quarter}")
    first = date(fiscal_year, QUARTER_FIRST_MONTH[quarter], 1)
    next_first = (
        date(fiscal_year + 1, 1, 1)
        if quarter == 4
        else date(fiscal_year, QUARTER_FIRST_MONTH[quarter + 1], 1)
    )
    return first, next_first - timedelta(days=1)


@lru_cache(maxsize=64)
def philippine_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("PH", years=year)


def holiday_name(day: date) -> str | None:
    return philippine_holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in philippine_holidays(day.year)


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
