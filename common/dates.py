"""Fiscal quarters and Philippine working days.

Fiscal year = calendar year; Q1 Jan–Mar … Q4 Oct–Dec. Working days skip weekends and the
Philippine public holidays the `holidays` package knows, including its Islamic holidays
(Eid al-Fitr, Eid al-Adha) and proclaimed special non-working days. Used for meeting dates,
Citizen's Charter processing ceilings and consultation report deadlines.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

QUARTER_FIRST_MONTH = {1: 1, 2: 4, 3: 7, 4: 10}


def quarter_of(day: date) -> int:
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
