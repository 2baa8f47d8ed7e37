"""The demo seeder: real MAOs, illustrative charters, requests in every status, idempotent."""

import pytest

from common.models import DataSource, Role
from common.tests.factories import UserFactory
from common.tests.geo_factories import CommunityFactory
from coordination.tests.factories import OrganizationFactory
from monitoring.tests.factories import PpaFactory
from service_catalog.demo import CATALOG, catalog_demo_seed
from service_catalog.models import EntryStatus, RequestStatus, ServiceCatalogEntry, ServiceRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def core_demo():
    acronyms = sorted({acronym for acronym, *_ in CATALOG})
    maos = {acronym: OrganizationFactory(acronym=acronym, name=f"Office {acronym}") for acronym in acronyms}
    PpaFactory(implementing_mao=maos["MSSD"], title="Family and Community Welfare Program")
    UserFactory(role=Role.OOBC_STAFF, username="staff")
    CommunityFactory.create_batch(5)
    return maos


def test_the_seed_publishes_illustrative_services_of_real_maos_and_files_requests(core_demo):
    lines = catalog_demo_seed()
    entries = ServiceCatalogEntry.objects.all()
    assert entries.count() == len(CATALOG)
    assert entries.filter(status=EntryStatus.DRAFT).count() == 2
    assert set(entries.values_list("source", flat=True)) == {DataSource.SYNTHETIC}
    assert set(entries.values_list("mao__acronym", flat=True)) == {
        "MSSD",
        "MOH",
        "MAFAR",
        "MBHTE",
        "MOLE",
        "OOBC",
    }
    linked = entries.get(title__startswith="Educational assistance")
    assert linked.ppa.title == "Family and Community Welfare Program"
    statuses = set(ServiceRequest.objects.values_list("status", flat=True))
    assert {
        RequestStatus.SUBMITTED,
        RequestStatus.NEEDS_INFO,
        RequestStatus.REJECTED,
        RequestStatus.CLOSED,
    } <= statuses
    assert (
        ServiceRequest.objects.filter(status=RequestStatus.NEEDS_INFO, sla_paused_on__isnull=True).count()
        == 0
    )
    assert "illustrative" in lines[0]


def test_seeding_twice_creates_no_duplicates(core_demo):
    catalog_demo_seed()
    counts = (ServiceCatalogEntry.objects.count(), ServiceRequest.objects.count())
    catalog_demo_seed()
    assert (ServiceCatalogEntry.objects.count(), ServiceRequest.objects.count()) == counts


def test_without_the_core_seed_the_catalog_seed_skips_and_says_so(db):
    lines = catalog_demo_seed()
    assert not ServiceCatalogEntry.objects.exists()
    assert "MSSD" in lines[-1]
