import pytest

from common.tests.geo_factories import CommunityFactory
from common.tests.page_checks import admin_superuser, assert_admin_works_for
from monitoring.models import Indicator, IndicatorKind, MonitoringEntry, MonitoringUpdate
from monitoring.tests.factories import PpaFactory, UpdateFactory

MODELS = [MonitoringEntry, Indicator, MonitoringUpdate]


def add_rows(count: int) -> None:
    for _ in range(count):
        ppa = PpaFactory(communities=CommunityFactory.create_batch(2))
        Indicator.objects.create(entry=ppa, kind=IndicatorKind.OUTPUT, description="Households served")
        UpdateFactory(entry=ppa)


@pytest.fixture
def admin_client(client, db):
    client.force_login(admin_superuser())
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_admin_pages_open_and_changelists_run_a_flat_number_of_queries(client, db, model):
    assert_admin_works_for(client, model, add_rows)


def test_ppa_changelist_counts_the_communities_served(admin_client):
    add_rows(1)
    page = admin_client.get("/admin/monitoring/monitoringentry/").content.decode()
    assert '<td class="field-community_count">2</td>' in page
