"""Staff API of the catalog: catalog editors only, own MAO for focal persons."""

import pytest
from django.urls import reverse

from common.models import Role
from common.tests.factories import UserFactory
from service_catalog.models import EntryStatus, RequestStatus, ServiceCatalogEntry
from service_catalog.tests.factories import EntryFactory, submit_request
from tests.helpers import assert_error_shape, bearer

pytestmark = pytest.mark.django_db
ENTRIES = reverse("api-internal:catalog-entries")
REQUESTS = reverse("api-internal:catalog-requests")
NEW_ENTRY = {
    "title": "Seed capital for women's groups",
    "summary": "Seed capital for small businesses.",
    "sector": "economic",
    "who_may_avail": "Women's associations.",
    "eligibility_criteria": "Registered association.",
    "classification": "simple",
    "complaint_procedure": "Write to the head of office.",
    "contact_office": "OBC Desk",
    "requirements": [{"requirement": "Barangay certificate", "where_to_secure": "Barangay hall"}],
    "steps": [
        {
            "client_action": "Send the request",
            "agency_action": "Check it",
            "duration_minutes": 60,
            "responsible_office": "OBC Desk",
        }
    ],
}


def _entry(uid, suffix=""):
    return reverse(f"api-internal:catalog-entry{suffix}", kwargs={"uid": uid})


def _request(uid, suffix=""):
    return reverse(f"api-internal:catalog-request{suffix}", kwargs={"uid": uid})


def test_anonymous_callers_are_refused(api_client):
    assert api_client.get(ENTRIES).status_code == 401


@pytest.mark.parametrize("role", [Role.COMMUNITY_LEADER, Role.OCM_EXECUTIVE])
def test_roles_that_only_browse_are_refused_reads_and_writes(api_client, role):
    headers = bearer(UserFactory(role=role))
    service_request = submit_request()
    assert api_client.get(REQUESTS, **headers).status_code == 403
    assert api_client.get(_request(service_request.uid), **headers).status_code == 403
    assert api_client.post(ENTRIES, NEW_ENTRY, format="json", **headers).status_code == 403
    assert not ServiceCatalogEntry.objects.exclude(pk=service_request.service_id).exists()


def test_a_focal_person_creates_an_entry_for_their_own_mao(api_client, focal, mao):
    response = api_client.post(ENTRIES, NEW_ENTRY, format="json", **bearer(focal))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["mao"] == str(mao.uid)
    assert body["steps"][0]["duration_minutes"] == 60 and len(body["requirements"]) == 1


def test_staff_must_name_the_mao(api_client, staff, mao):
    assert_error_shape(api_client.post(ENTRIES, NEW_ENTRY, format="json", **bearer(staff)), 400, field="mao")
    response = api_client.post(ENTRIES, {**NEW_ENTRY, "mao": str(mao.uid)}, format="json", **bearer(staff))
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "<b>Bold</b>"}, "title"),
        ({"classification": "urgent"}, "classification"),
        ({"steps": [{"client_action": "x"}]}, "steps"),
        ({"steps": "not a list"}, "steps"),
        ({"steps": [{**NEW_ENTRY["steps"][0], "duration_minutes": 4 * 480}]}, "steps"),
        ({"ppa": "00000000-0000-0000-0000-000000000000"}, "ppa"),
    ],
)
def test_bad_entries_are_a_400_naming_the_field_and_write_nothing(api_client, focal, overrides, field):
    response = api_client.post(ENTRIES, {**NEW_ENTRY, **overrides}, format="json", **bearer(focal))
    assert_error_shape(response, 400, field=field)
    assert not ServiceCatalogEntry.objects.exists()


def test_a_focal_person_lists_and_reads_only_their_mao_entries(api_client, focal, mao, other_mao):
    ours, theirs = EntryFactory(mao=mao), EntryFactory(mao=other_mao)
    headers = bearer(focal)
    assert [row["uid"] for row in api_client.get(ENTRIES, **headers).json()["results"]] == [str(ours.uid)]
    assert api_client.get(_entry(theirs.uid), **headers).status_code == 404
    assert (
        api_client.patch(_entry(theirs.uid), {"title": "Mine now"}, format="json", **headers).status_code
        == 404
    )
    assert (
        api_client.post(_entry(theirs.uid, "-status"), {"status": "archived"}, **headers).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.title != "Mine now" and theirs.status == EntryStatus.PUBLISHED


def test_editing_and_publishing_through_the_api(api_client, focal, mao):
    entry = EntryFactory(mao=mao, status=EntryStatus.DRAFT)
    headers = bearer(focal)
    response = api_client.patch(_entry(entry.uid), {"summary": "Shorter."}, format="json", **headers)
    assert response.json()["summary"] == "Shorter." and len(response.json()["steps"]) == 1
    published = api_client.post(_entry(entry.uid, "-status"), {"status": "published"}, **headers)
    assert published.json()["status"] == "published"


def test_lists_run_a_constant_number_of_queries(api_client, staff, django_assert_max_num_queries):
    headers = bearer(staff)
    entry = EntryFactory()
    submit_request(entry=entry)
    with django_assert_max_num_queries(6):
        api_client.get(ENTRIES, **headers)
    with django_assert_max_num_queries(6):
        api_client.get(REQUESTS, **headers)
    EntryFactory.create_batch(5)
    for _ in range(5):
        submit_request(entry=entry)
    with django_assert_max_num_queries(6):
        api_client.get(ENTRIES, **headers)
    with django_assert_max_num_queries(6):
        api_client.get(REQUESTS, **headers)


def test_the_triage_queue_of_a_focal_person_holds_only_their_mao(api_client, focal, mao, other_mao):
    ours = submit_request(entry=EntryFactory(mao=mao))
    theirs = submit_request(entry=EntryFactory(mao=other_mao))
    headers = bearer(focal)
    codes = [row["tracking_code"] for row in api_client.get(REQUESTS, **headers).json()["results"]]
    assert codes == [ours.tracking_code]
    assert api_client.get(_request(theirs.uid), **headers).status_code == 404
    moved = api_client.post(_request(theirs.uid, "-transition"), {"to_status": "under_review"}, **headers)
    assert moved.status_code == 404 and theirs.history.count() == 1


def test_staff_move_a_request_with_notes_and_see_the_requester(api_client, staff):
    service_request = submit_request()
    headers = bearer(staff)
    response = api_client.post(
        _request(service_request.uid, "-transition"),
        {"to_status": "under_review", "public_note": "Checking.", "internal_note": "Easy."},
        format="json",
        **headers,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == RequestStatus.UNDER_REVIEW and body["requester_email"] == "amina@example.org"
    assert body["history"][-1]["internal_note"] == "Easy."


def test_a_forbidden_move_is_a_400_naming_the_status(api_client, staff):
    service_request = submit_request()
    response = api_client.post(
        _request(service_request.uid, "-transition"), {"to_status": "closed"}, **bearer(staff)
    )
    assert_error_shape(response, 400, field="status")
    assert service_request.history.count() == 1


def test_assigning_through_the_api(api_client, staff, focal, mao):
    service_request = submit_request(entry=EntryFactory(mao=mao))
    headers = bearer(staff)
    response = api_client.post(_request(service_request.uid, "-assign"), {"assignee": focal.pk}, **headers)
    assert response.json()["assigned_to"] == focal.username
    stranger = UserFactory(role=Role.MAO_FOCAL)
    refused = api_client.post(_request(service_request.uid, "-assign"), {"assignee": stranger.pk}, **headers)
    assert_error_shape(refused, 400, field="assigned_to")
