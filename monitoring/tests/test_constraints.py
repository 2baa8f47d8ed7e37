"""The database itself refuses PPAs, reports and indicators that break the register's
invariants, whatever code wrote them (bulk loads, admin, a bug in a service)."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from monitoring.models import EntryCategory, EntryKind, IndicatorUnit, RequestStatus
from monitoring.tests.factories import PpaFactory, UpdateFactory
from monitoring.tests.factories_ppa import IndicatorFactory

pytestmark = pytest.mark.django_db


def assert_refused(constraint: str, factory, **fields) -> None:
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        factory(**fields)


@pytest.mark.parametrize("progress", [101, 150, 32767])
def test_progress_above_100_is_refused(progress):
    assert_refused("ppa_progress_0_to_100", PpaFactory, progress=progress)


def test_progress_of_exactly_100_is_accepted():
    assert PpaFactory(progress=100).progress == 100


def test_end_date_before_start_date_is_refused():
    assert_refused(
        "ppa_dates_in_order",
        PpaFactory,
        start_date=datetime.date(2025, 6, 1),
        end_date=datetime.date(2025, 5, 31),
    )


def test_one_day_ppa_is_accepted():
    day = datetime.date(2025, 6, 1)
    assert PpaFactory(start_date=day, end_date=day).pk


@pytest.mark.parametrize("field", ["budget_allocated", "budget_utilized"])
def test_negative_budget_is_refused(field):
    assert_refused("ppa_budget_not_negative", PpaFactory, **{field: -1})


def test_utilised_above_allocated_without_approval_is_refused():
    assert_refused(
        "ppa_utilized_within_allocated_unless_approved",
        PpaFactory,
        budget_allocated=100_000,
        budget_utilized=100_000.01,
    )


def test_utilised_above_allocated_is_accepted_once_approved():
    ppa = PpaFactory(
        budget_allocated=100_000,
        budget_utilized=120_000,
        over_utilization_approved=True,
        over_utilization_note="Typhoon response, approved by the OOBC executive.",
    )
    assert ppa.pk


def test_mao_ppa_without_implementing_mao_is_refused():
    assert_refused("mao_ppa_has_implementing_mao", PpaFactory, implementing_mao=None)


def test_oobc_ppa_needs_no_implementing_mao():
    assert PpaFactory(category=EntryCategory.OOBC_PPA, implementing_mao=None).pk


def test_obc_request_without_request_status_is_refused():
    assert_refused("request_status_only_for_obc_requests", PpaFactory, category=EntryCategory.OBC_REQUEST)


def test_ppa_with_a_request_status_is_refused():
    assert_refused("request_status_only_for_obc_requests", PpaFactory, request_status=RequestStatus.SUBMITTED)


def test_obc_request_with_its_status_is_accepted():
    request = PpaFactory(category=EntryCategory.OBC_REQUEST, request_status=RequestStatus.SUBMITTED)
    assert request.pk


@pytest.mark.parametrize("year", [1999, 2101])
def test_fiscal_year_outside_2000_to_2100_is_refused(year):
    assert_refused("ppa_fiscal_year_range", PpaFactory, fiscal_year=year)


def test_progress_report_above_100_is_refused():
    assert_refused("update_progress_0_to_100", UpdateFactory, progress=101)


def test_percent_indicator_target_above_100_is_refused():
    assert_refused(
        "indicator_percent_target_at_most_100", IndicatorFactory, unit=IndicatorUnit.PERCENT, target_value=101
    )


def test_a_special_provision_with_a_budget_of_its_own_is_refused():
    # Its amount is earmarked inside the programme budgets: a budget would count it twice.
    assert_refused(
        "special_provision_has_no_budget_of_its_own",
        PpaFactory,
        kind=EntryKind.SPECIAL_PROVISION,
        budget_allocated=1_000,
        budget_utilized=0,
        earmarked_amount=1_000,
    )


def test_only_special_provisions_earmark():
    assert_refused("only_special_provisions_earmark", PpaFactory, earmarked_amount=5_000)


def test_a_special_provision_that_earmarks_is_accepted():
    provision = PpaFactory(
        kind=EntryKind.SPECIAL_PROVISION, budget_allocated=0, budget_utilized=0, earmarked_amount=5_000
    )
    assert provision.pk
