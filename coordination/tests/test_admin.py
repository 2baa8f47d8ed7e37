import pytest

from common.tests.page_checks import admin_superuser, assert_admin_works_for
from coordination.models import (
    ActionItem,
    EngagementParticipant,
    FocalPerson,
    Organization,
    StakeholderEngagement,
)
from coordination.tests.factories import ActionItemFactory, FocalPersonFactory, ParticipantFactory

MODELS = [Organization, FocalPerson, StakeholderEngagement, EngagementParticipant, ActionItem]


def add_rows(count: int) -> None:
    for _ in range(count):
        participant = ParticipantFactory()  # an engagement, a focal person and their MAO
        FocalPersonFactory(organization=participant.organization, role="alternate")
        ActionItemFactory(engagement=participant.engagement, owner_organization=participant.organization)


@pytest.fixture
def admin_client(client, db):
    client.force_login(admin_superuser())
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_admin_pages_open_and_changelists_run_a_flat_number_of_queries(client, db, model):
    assert_admin_works_for(client, model, add_rows)


def test_organization_changelist_counts_focal_persons(admin_client):
    add_rows(1)
    organization = FocalPerson.objects.filter(role="alternate").get().organization
    page = admin_client.get("/admin/coordination/organization/").content.decode()
    assert organization.name in page
    assert '<td class="field-focal_count">2</td>' in page
