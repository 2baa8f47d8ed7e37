import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import RequestFactory

from common.tests.geo_factories import CommunityFactory
from common.tests.page_checks import admin_superuser, assert_admin_works_for
from monitoring.models import EntryKind, Indicator, IndicatorKind, MonitoringEntry, MonitoringUpdate
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


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"earmarked_amount": "5000"}, "Only a special provision earmarks an amount."),
        ({"kind": EntryKind.SPECIAL_PROVISION}, "has no budget of its own"),
    ],
)
def test_the_admin_form_refuses_a_misplaced_earmark_with_an_error_not_a_crash(db, changes, message):
    # The admin writes without the PPA service: the model's constraints are its validation.
    ppa = PpaFactory(budget_allocated=1_000_000, budget_utilized=0)
    request = RequestFactory().post("/admin/")
    request.user = admin_superuser()
    form_class = admin.site._registry[MonitoringEntry].get_form(request, ppa, change=True)
    data = {key: value for key, value in model_to_dict(ppa).items() if value is not None}
    data["communities"] = data["needs_addressed"] = []
    form = form_class(data={**data, **changes}, instance=ppa)
    assert not form.is_valid()
    assert message in " ".join(form.non_field_errors())
    ppa.refresh_from_db()
    assert (ppa.kind, ppa.earmarked_amount) == (EntryKind.PPA, 0)
