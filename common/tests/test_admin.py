import pytest

from common.models import Barangay, Community, Municipality, Need, Province, Region, User
from common.tests.factories import UserFactory
from common.tests.geo_factories import BarangayFactory, NeedFactory
from common.tests.page_checks import admin_superuser, admin_url, assert_admin_works_for

MODELS = [User, Region, Province, Municipality, Barangay, Community, Need]


def add_rows(count: int) -> None:
    # A need brings its community, barangay, municipality, province and region along.
    NeedFactory.create_batch(count)


@pytest.fixture
def admin_client(client, db):
    client.force_login(admin_superuser())
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_admin_pages_open_and_changelists_run_a_flat_number_of_queries(client, db, model):
    assert_admin_works_for(client, model, add_rows)


def test_autocomplete_finds_barangays_by_name_in_a_flat_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    add_rows(8)
    url = "/admin/autocomplete/?app_label=common&model_name=community&field_name=barangay&term=Barangay"
    with django_assert_max_num_queries(8):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) >= 8


def test_a_community_added_in_the_admin_takes_its_geography_from_the_barangay(admin_client):
    barangay = BarangayFactory()
    response = admin_client.post(
        admin_url(Community, "add"),
        {
            "barangay": barangay.pk,
            "name": "Bangsamoro community of Poblacion",
            "estimated_obc_population": 500,
            "ethnolinguistic_group": "meranaw",
            "poverty_band": "high",
            "classification": "internal",
            "source": "manual",
            "needs-TOTAL_FORMS": 0,
            "needs-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    community = Community.objects.get(barangay=barangay)
    assert community.municipality == barangay.municipality
    assert community.province == barangay.municipality.province
    assert community.region == barangay.municipality.region


def test_audit_fields_are_read_only(admin_client):
    add_rows(1)
    need = Need.objects.get()
    page = admin_client.get(admin_url(Need, "change", need.pk)).content.decode()
    assert str(need.uid) in page
    assert 'name="uid"' not in page and 'name="created_at"' not in page


def test_a_signed_in_user_without_admin_access_is_sent_to_the_admin_sign_in(client, db):
    client.force_login(UserFactory())
    response = client.get(admin_url(Community, "changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
