import pytest

from common.tests.page_checks import assert_admin_works_for
from service_catalog.models import ServiceCatalogEntry, ServiceRequest
from service_catalog.tests.factories import EntryFactory, submit_request

pytestmark = pytest.mark.django_db


def test_the_catalog_entry_admin_works(client):
    assert_admin_works_for(client, ServiceCatalogEntry, lambda count: EntryFactory.create_batch(count))


def test_the_service_request_admin_works(client):
    entry = EntryFactory()
    assert_admin_works_for(
        client, ServiceRequest, lambda count: [submit_request(entry=entry) for _ in range(count)]
    )
