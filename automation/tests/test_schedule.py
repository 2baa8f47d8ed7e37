"""Where a meeting falls: the rule, weekends, Philippine holidays, busy days, quarter ends."""

from datetime import date, time

import pytest

from automation.schedule import (
    meeting_day,
    offsets_text,
    parse_offsets,
    rule_day,
    rule_description,
    working_days_before,
)
from automation.tests.factories import SeriesFactory
from common.dates import is_working_day

TUESDAY, THURSDAY, FRIDAY = 1, 3, 4


def test_the_rule_names_the_nth_weekday_of_the_month_of_the_quarter():
    # 2nd Tuesday of the 2nd month of Q2 2025: May 2025 starts on a Thursday.
    assert rule_day(
        fiscal_year=2025, quarter=2, month_of_quarter=2, week_of_month=2, weekday=TUESDAY
    ) == date(2025, 5, 13)


def test_the_last_weekday_of_a_month():
    assert rule_day(fiscal_year=2025, quarter=4, month_of_quarter=3, week_of_month=5, weekday=FRIDAY) == date(
        2025, 12, 26
    )


def test_eid_al_adha_moves_the_meeting_to_the_next_working_day():
    # 1st Friday of June 2025 is 6 June, Eid al-Adha; the next working day is Monday 9 June.
    day = meeting_day(fiscal_year=2025, quarter=2, month_of_quarter=3, week_of_month=1, weekday=FRIDAY)
    assert day == date(2025, 6, 9)


def test_independence_day_moves_the_meeting_to_the_next_working_day():
    # 2nd Thursday of June 2025 is 12 June, Independence Day.
    day = meeting_day(fiscal_year=2025, quarter=2, month_of_quarter=3, week_of_month=2, weekday=THURSDAY)
    assert day == date(2025, 6, 13)


def test_a_busy_day_moves_the_meeting_to_the_next_free_working_day():
    day = meeting_day(
        fiscal_year=2025,
        quarter=2,
        month_of_quarter=2,
        week_of_month=2,
        weekday=TUESDAY,
        busy_days={date(2025, 5, 13), date(2025, 5, 14)},
    )
    assert day == date(2025, 5, 15)


def test_a_meeting_pushed_past_the_quarter_is_pulled_back_inside_it():
    # Last Wednesday of December 2025 is the 31st, New Year's Eve; the 30th is Rizal Day.
    day = meeting_day(fiscal_year=2025, quarter=4, month_of_quarter=3, week_of_month=5, weekday=2)
    assert day == date(2025, 12, 29)
    assert is_working_day(day)


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_no_rule_ever_lands_on_a_weekend_or_holiday(year):
    for quarter in (1, 2, 3, 4):
        for month in (1, 2, 3):
            for week in (1, 2, 3, 4, 5):
                for weekday in range(5):
                    day = meeting_day(
                        fiscal_year=year,
                        quarter=quarter,
                        month_of_quarter=month,
                        week_of_month=week,
                        weekday=weekday,
                    )
                    assert is_working_day(day), (year, quarter, month, week, weekday, day)
                    assert (day.month - 1) // 3 + 1 == quarter


def test_working_days_before_skip_weekends_and_holidays():
    # Three working days before Monday 9 June 2025: Fri 6 June is Eid al-Adha.
    assert working_days_before(date(2025, 6, 9), 3) == date(2025, 6, 3)
    assert working_days_before(date(2025, 6, 9), 0) == date(2025, 6, 9)


def test_reminder_offsets_read_and_print_the_same_way():
    assert parse_offsets("7d, 1d, 1h") == [10080, 1440, 60]
    assert parse_offsets("30m; 2h") == [30, 120]
    assert offsets_text([60, 10080, 1440]) == "7d, 1d, 1h"
    with pytest.raises(ValueError, match="“tomorrow”"):
        parse_offsets("7d, tomorrow")


@pytest.mark.django_db
def test_the_rule_is_described_in_words():
    series = SeriesFactory.build(week_of_month=2, weekday=TUESDAY, month_of_quarter=2, start_time=time(9))
    assert rule_description(series) == (
        "2nd Tuesday of the 2nd month of each quarter, 09:00–12:00 Asia/Manila"
    )
