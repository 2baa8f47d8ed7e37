from datetime import date

import pytest

from common.dates import (
    add_working_days,
    holiday_name,
    is_working_day,
    next_working_day,
    quarter_bounds,
    quarter_of,
    working_days_between,
)


def test_quarters_follow_the_calendar_year():
    assert [quarter_of(date(2025, month, 1)) for month in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]
    assert quarter_bounds(2025, 1) == (date(2025, 1, 1), date(2025, 3, 31))
    assert quarter_bounds(2025, 4) == (date(2025, 10, 1), date(2025, 12, 31))
    with pytest.raises(ValueError):
        quarter_bounds(2025, 5)


def test_weekends_and_philippine_holidays_are_not_working_days():
    assert not is_working_day(date(2025, 6, 14))  # Saturday
    assert not is_working_day(date(2025, 6, 12))  # Independence Day
    assert holiday_name(date(2025, 6, 6)) == "Eid al-Adha"
    assert not is_working_day(date(2025, 6, 6))
    assert is_working_day(date(2025, 6, 5))


def test_next_working_day_skips_a_holiday_weekend_run():
    # Maundy Thursday, Good Friday, Black Saturday, then Sunday: Monday 21 April 2025.
    assert next_working_day(date(2025, 4, 17)) == date(2025, 4, 21)
    assert next_working_day(date(2025, 4, 21)) == date(2025, 4, 21)


def test_adding_working_days_counts_only_working_days():
    # From Wednesday 16 April 2025: Thu–Sun are off, so 3 working days land on Wednesday 23 April.
    assert add_working_days(date(2025, 4, 16), 3) == date(2025, 4, 23)
    assert add_working_days(date(2025, 4, 16), 0) == date(2025, 4, 16)
    assert working_days_between(date(2025, 4, 16), date(2025, 4, 23)) == 3
    assert working_days_between(date(2025, 4, 23), date(2025, 4, 16)) == 0
