"""Where a quarterly meeting falls: the series' rule, working days and clashes. Pure date logic.

The rule: take the Nth (or last) weekday of the chosen month of the quarter; if that is a
weekend or a Philippine holiday, take the next working day. A MAO never has two meetings on
the same day: a meeting of one MAO's series that lands on a day the MAO is already busy
(the OCM plenary, another engagement it takes part in) moves to the next working day that is
free. A date pushed past the end of its quarter is pulled back instead: the latest free
working day before the rule's day, so a Q4 meeting never slides into January.
"""

import calendar
from collections.abc import Collection
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from common.dates import QUARTER_FIRST_MONTH, is_working_day, next_working_day, quarter_bounds

MANILA = ZoneInfo("Asia/Manila")
LAST_WEEK = 5
ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", LAST_WEEK: "last"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def rule_day(
    *, fiscal_year: int, quarter: int, month_of_quarter: int, week_of_month: int, weekday: int
) -> date:
    """The calendar day the rule names, before working days are considered."""
    month = QUARTER_FIRST_MONTH[quarter] + month_of_quarter - 1
    if week_of_month == LAST_WEEK:
        last = date(fiscal_year, month, calendar.monthrange(fiscal_year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(fiscal_year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week_of_month - 1))


def meeting_day(
    *,
    fiscal_year: int,
    quarter: int,
    month_of_quarter: int,
    week_of_month: int,
    weekday: int,
    busy_days: Collection[date] = (),
) -> date:
    """The working day a quarterly meeting takes: the rule's day, moved forward past weekends,
    holidays and `busy_days`; pulled back inside the quarter if moving forward leaves it."""
    target, day = _rule_working_day(fiscal_year, quarter, month_of_quarter, week_of_month, weekday)
    if day not in busy_days:
        return day  # the usual case, answered from the cache
    first, last = quarter_bounds(fiscal_year, quarter)
    while day in busy_days:
        day = next_working_day(day + timedelta(days=1))
    if day <= last:
        return day
    day = target - timedelta(days=1)
    while day >= first and (not is_working_day(day) or day in busy_days):
        day -= timedelta(days=1)
    if day < first:  # a quarter with no free working day at all: keep the forward answer
        return next_working_day(target)
    return day


@lru_cache(maxsize=4096)
def _rule_working_day(
    fiscal_year: int, quarter: int, month_of_quarter: int, week_of_month: int, weekday: int
) -> tuple[date, date]:
    """The rule's day and the first working day from it, inside its quarter."""
    target = rule_day(
        fiscal_year=fiscal_year,
        quarter=quarter,
        month_of_quarter=month_of_quarter,
        week_of_month=week_of_month,
        weekday=weekday,
    )
    day = next_working_day(target)
    _, last = quarter_bounds(fiscal_year, quarter)
    if day > last:
        day = target - timedelta(days=1)
        while not is_working_day(day):
            day -= timedelta(days=1)
    return target, day


def working_days_before(day: date, count: int) -> date:
    """The working day `count` working days before `day` (day itself not counted)."""
    current = day
    while count:
        current -= timedelta(days=1)
        if is_working_day(current):
            count -= 1
    return current


def manila_datetime(day: date, at) -> datetime:
    return datetime.combine(day, at, tzinfo=MANILA)


def offset_label(minutes: int) -> str:
    """7 days, 1 day, 1 hour, 90 minutes: how an offset reads in forms and messages."""
    for unit, size in (("day", 24 * 60), ("hour", 60)):
        if minutes % size == 0:
            amount = minutes // size
            return f"{amount} {unit}{'' if amount == 1 else 's'}"
    return f"{minutes} minutes"


def offsets_text(offsets: Collection[int]) -> str:
    """The compact form used in the series form: "7d, 1d, 1h"."""
    parts = []
    for minutes in sorted(offsets, reverse=True):
        if minutes % (24 * 60) == 0:
            parts.append(f"{minutes // (24 * 60)}d")
        elif minutes % 60 == 0:
            parts.append(f"{minutes // 60}h")
        else:
            parts.append(f"{minutes}m")
    return ", ".join(parts)


def parse_offsets(text: str) -> list[int]:
    """ "7d, 1d, 1h, 30m" -> minutes. Raises ValueError naming the part it cannot read."""
    sizes = {"d": 24 * 60, "h": 60, "m": 1}
    minutes = []
    for raw in text.replace(";", ",").split(","):
        part = raw.strip().lower()
        if not part:
            continue
        number, unit = part[:-1].strip(), part[-1]
        if unit not in sizes or not number.isdigit():
            raise ValueError(f"“{raw.strip()}” is not an offset like 7d, 1d, 1h or 30m.")
        minutes.append(int(number) * sizes[unit])
    return minutes


def rule_description(series) -> str:
    """ "2nd Tuesday of the 2nd month of each quarter, 09:00–12:00 Asia/Manila"."""
    start = datetime.combine(date(2000, 1, 3), series.start_time)
    end = start + timedelta(minutes=series.duration_minutes)
    month = ORDINALS[series.month_of_quarter]
    return (
        f"{ORDINALS[series.week_of_month]} {WEEKDAYS[series.weekday]} of the {month} month of each quarter, "
        f"{start:%H:%M}–{end:%H:%M} Asia/Manila"
    )
