"""Plausibility rules of progress reports (DHIS2-style validation rules in the service, so
the page, the API and the admin refuse the same things), each with a message a focal person
understands, and the API's 400 naming the field."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from common.errors import ApplicationError
from common.models import Role
from common.tests.factories import UserFactory
from common.tests.geo_factories import CommunityFactory
from monitoring.models import MonitoringUpdate, PpaStatus
from monitoring.services.ppas import ppa_progress_report, ppa_update
from monitoring.tests.factories import PpaFactory
from tests.helpers import assert_error_shape, bearer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def staff():
    return UserFactory(role=Role.OOBC_STAFF)


@pytest.fixture
def ppa():
    entry = PpaFactory(progress=40, status=PpaStatus.ONGOING, beneficiaries_individuals=500)
    entry.communities.set([CommunityFactory(estimated_obc_population=800)])
    return entry


def report(ppa, staff, **fields):
    return ppa_progress_report(
        ppa=ppa, acting_user=staff, reported_on=TODAY, **({"progress": 50, "status": "ongoing"} | fields)
    )


def refused(ppa, staff, **fields) -> dict[str, list[str]]:
    with pytest.raises(ApplicationError) as error:
        report(ppa, staff, **fields)
    assert not MonitoringUpdate.objects.exists()  # nothing half-written
    return error.value.fields


def test_beneficiaries_far_above_the_target_need_a_confirmation(ppa, staff):
    fields = refused(ppa, staff, beneficiaries_reached=5000)
    assert "5,000 is far above the target of 500" in fields["beneficiaries_reached"][0]
    assert "OBC population of the communities served (800)" in fields["beneficiaries_reached"][0]


def test_confirmed_beneficiaries_still_need_a_note(ppa, staff):
    fields = refused(ppa, staff, beneficiaries_reached=5000, beneficiaries_confirmed=True)
    assert "accomplishments" in fields
    report(
        ppa,
        staff,
        beneficiaries_reached=5000,
        beneficiaries_confirmed=True,
        accomplishments="A province-wide caravan reached neighbouring barangays too.",
    )
    assert MonitoringUpdate.objects.get().beneficiaries_reached == 5000


def test_beneficiaries_within_reason_need_nothing_more(ppa, staff):
    assert report(ppa, staff, beneficiaries_reached=450).beneficiaries_reached == 450


def test_completed_needs_100_percent_or_a_note(ppa, staff):
    fields = refused(ppa, staff, status=PpaStatus.COMPLETED, progress=80)
    assert "A completed PPA is at 100 %" in fields["progress"][0]
    report(
        ppa, staff, status=PpaStatus.COMPLETED, progress=80, challenges="The last batch was moved to 2026."
    )
    ppa.refresh_from_db()
    assert ppa.status == PpaStatus.COMPLETED


def test_an_unchanged_empty_report_is_refused(ppa, staff):
    fields = refused(ppa, staff, progress=40, status=PpaStatus.ONGOING)
    assert "changes nothing and says nothing" in fields["progress"][0]


def test_cancelling_a_ppa_from_a_report_asks_first_and_says_what_it_removes(ppa, staff):
    fields = refused(ppa, staff, status=PpaStatus.CANCELLED)
    assert "removes this PPA (₱1,000,000 and 1 communities) from the dashboard" in fields["status"][0]
    report(ppa, staff, status=PpaStatus.CANCELLED, cancellation_confirmed=True)
    ppa.refresh_from_db()
    assert ppa.status == PpaStatus.CANCELLED


def test_money_too_large_is_said_in_pesos_not_digits(ppa, staff):
    with pytest.raises(ApplicationError) as error:
        ppa_update(ppa=ppa, acting_user=staff, budget_allocated=Decimal("12345678901234.00"))
    message = error.value.fields["budget_allocated"][0]
    assert "₱999,999,999,999.99" in message and "digits" not in message


def test_the_api_answers_400_naming_the_field_for_each_rule(api_client, ppa, staff):
    url = reverse("api-internal:ppa-updates", kwargs={"uid": ppa.uid})
    cases = [
        ({"progress": 50, "beneficiaries_reached": 5000}, "beneficiaries_reached"),
        ({"progress": 80, "status": "completed"}, "progress"),
        ({"progress": 40}, "progress"),
        ({"progress": 50, "status": "cancelled"}, "status"),
    ]
    for body, field in cases:
        data = {"reported_on": TODAY.isoformat(), "status": "ongoing"} | body
        response = api_client.post(url, data, format="json", **bearer(staff))
        assert_error_shape(response, 400, field=field)
    assert not MonitoringUpdate.objects.exists()
