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


def test_the_current_fiscal_year_is_manilas_calendar_year(settings):
    from django.utils import timezone

    from common.dates import current_fiscal_year

    assert current_fiscal_year() == timezone.localdate().year


def test_the_quarter_of_an_aware_datetime_is_that_of_its_manila_date():
    from datetime import UTC, datetime

    from common.dates import quarter_of

    # 31 March 20:00 UTC is already 1 April in Manila.
    assert quarter_of(datetime(2026, 3, 31, 20, 0, tzinfo=UTC)) == 2


@pytest.mark.parametrize(
    ("value", "valid"), [("1999", False), ("2000", True), ("2100", True), ("2101", False)]
)
def test_the_fiscal_year_form_field_accepts_exactly_the_register_bounds(value, valid):
    from common.dates import FiscalYearFormField

    field = FiscalYearFormField(required=False)
    if valid:
        assert field.clean(value) == int(value)
    else:
        with pytest.raises(Exception, match="2000|2100"):
            field.clean(value)


@pytest.mark.parametrize(("value", "valid"), [(1999, False), (2000, True), (2100, True), (2101, False)])
def test_the_fiscal_year_serializer_field_accepts_exactly_the_register_bounds(value, valid):
    from rest_framework import serializers

    from common.dates import FiscalYearSerializerField

    class Payload(serializers.Serializer):
        fiscal_year = FiscalYearSerializerField()

    payload = Payload(data={"fiscal_year": value})
    assert payload.is_valid() is valid
    if not valid:
        assert "fiscal_year" in payload.errors


def test_the_fiscal_year_bounds_are_one_vocabulary():
    from common.dates import FISCAL_YEAR_MAX, FISCAL_YEAR_MIN, FISCAL_YEARS, clamp_fiscal_year, is_fiscal_year

    assert (FISCAL_YEAR_MIN, FISCAL_YEAR_MAX) == (2000, 2100)
    assert FISCAL_YEARS[0] == FISCAL_YEAR_MIN and FISCAL_YEARS[-1] == FISCAL_YEAR_MAX
    assert clamp_fiscal_year(1990) == 2000 and clamp_fiscal_year(2300) == 2100
    assert is_fiscal_year(2026) and not is_fiscal_year(None) and not is_fiscal_year(2101)
