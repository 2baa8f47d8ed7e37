"""Database constraints of the catalog: the invariants hold even against raw writes."""

import pytest
from django.db import IntegrityError

from service_catalog.models import EntryStatus, ServiceCatalogEntry, ServiceRequest
from service_catalog.tests.factories import EntryFactory, submit_request

pytestmark = pytest.mark.django_db


def test_the_database_rejects_a_published_entry_without_eligibility_criteria():
    entry = EntryFactory(status=EntryStatus.DRAFT, eligibility_criteria="")
    with pytest.raises(IntegrityError, match="published_requires_eligibility"):
        ServiceCatalogEntry.objects.filter(pk=entry.pk).update(status=EntryStatus.PUBLISHED)


def test_a_draft_may_have_no_eligibility_criteria_yet():
    entry = EntryFactory(status=EntryStatus.DRAFT, eligibility_criteria="")
    assert ServiceCatalogEntry.objects.filter(pk=entry.pk, status=EntryStatus.DRAFT).exists()


def test_slugs_are_unique():
    EntryFactory(slug="scholarship")
    with pytest.raises(IntegrityError):
        EntryFactory(slug="scholarship")


def test_tracking_codes_are_unique_in_the_database():
    first = submit_request()
    second = submit_request(entry=first.service)
    with pytest.raises(IntegrityError):
        ServiceRequest.objects.filter(pk=second.pk).update(tracking_code=first.tracking_code)


def test_a_request_without_any_contact_is_refused_by_the_database():
    service_request = submit_request()
    with pytest.raises(IntegrityError, match="service_request_has_contact"):
        ServiceRequest.objects.filter(pk=service_request.pk).update(requester_email="", requester_phone="")
