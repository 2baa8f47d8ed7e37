"""Staff pages: catalog management and request triage, scoped to the user's MAO."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from common.models import Role
from common.tests.factories import UserFactory
from service_catalog.models import EntryStatus, RequestStatus, ServiceCatalogEntry
from service_catalog.tests.factories import EntryFactory, move, submit_request

pytestmark = pytest.mark.django_db
ENTRIES = reverse("service_catalog:entries")
TRIAGE = reverse("service_catalog:triage")


def _entry_form(**overrides):
    data = {
        "title": "Seed capital for women's groups",
        "summary": "Seed capital for small businesses.",
        "description": "",
        "sector": "economic",
        "who_may_avail": "Women's associations.",
        "eligibility_criteria": "Registered association.",
        "classification": "simple",
        "fees_note": "No fees.",
        "complaint_procedure": "Write to the head of office.",
        "contact_office": "OBC Desk",
        "contact_email": "",
        "contact_phone": "",
        "slots": "",
        "accepting_requests": "on",
        "requirements-TOTAL_FORMS": "2",
        "requirements-INITIAL_FORMS": "0",
        "requirements-0-requirement": "Barangay certificate",
        "requirements-0-where_to_secure": "Barangay hall",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-0-client_action": "Send the request",
        "steps-0-agency_action": "Check it",
        "steps-0-fee": "0",
        "steps-0-duration": "2",
        "steps-0-duration_unit": "hours",
        "steps-0-responsible_office": "OBC Desk",
        # The empty extra row, as the browser sends it (its defaults filled in).
        "steps-1-fee": "0",
        "steps-1-duration_unit": "minutes",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("url", [ENTRIES, TRIAGE, reverse("service_catalog:entry_create")])
def test_staff_pages_send_anonymous_visitors_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.COMMUNITY_LEADER, Role.OCM_EXECUTIVE])
def test_roles_that_only_browse_the_catalog_cannot_manage_it(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(ENTRIES).status_code == 403
    assert client.get(TRIAGE).status_code == 403


def test_a_focal_person_sees_only_their_own_mao_entries(client, focal, mao, other_mao):
    EntryFactory(mao=mao, title="Our service")
    EntryFactory(mao=other_mao, title="Their service")
    client.force_login(focal)
    html = client.get(ENTRIES).content.decode()
    assert "Our service" in html and "Their service" not in html


def test_another_mao_entry_is_a_404_for_a_focal_person(client, focal, other_mao):
    theirs = EntryFactory(mao=other_mao)
    client.force_login(focal)
    assert client.get(reverse("service_catalog:entry_edit", kwargs={"uid": theirs.uid})).status_code == 404
    response = client.post(
        reverse("service_catalog:entry_status", kwargs={"uid": theirs.uid}), {"status": "archived"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == EntryStatus.PUBLISHED


def test_entry_list_queries_do_not_grow_with_rows(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    EntryFactory.create_batch(2)
    with django_assert_max_num_queries(12):
        client.get(ENTRIES)
    EntryFactory.create_batch(10)
    with django_assert_max_num_queries(12):
        client.get(ENTRIES)


def test_a_focal_person_creates_an_entry_for_their_mao_with_its_charter(client, focal, mao):
    client.force_login(focal)
    response = client.post(reverse("service_catalog:entry_create"), _entry_form())
    entry = ServiceCatalogEntry.objects.get()
    assert response.status_code == 302
    assert entry.mao == mao and entry.status == EntryStatus.DRAFT
    assert list(entry.requirements.values_list("requirement", flat=True)) == ["Barangay certificate"]
    assert list(entry.steps.values_list("duration_minutes", flat=True)) == [120]


def test_bad_entry_input_is_a_400_and_writes_nothing(client, staff, mao):
    client.force_login(staff)
    response = client.post(
        reverse("service_catalog:entry_create"),
        _entry_form(
            mao=str(mao.pk), title="<b>Bold</b>", **{"steps-0-duration": "9", "steps-0-duration_unit": "days"}
        ),
    )
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert not ServiceCatalogEntry.objects.exists()


def test_steps_over_the_ceiling_are_shown_as_an_error(client, staff, mao):
    client.force_login(staff)
    response = client.post(
        reverse("service_catalog:entry_create"),
        _entry_form(mao=str(mao.pk), **{"steps-0-duration": "9", "steps-0-duration_unit": "days"}),
    )
    assert response.status_code == 400 and "more than the 3 working days" in response.content.decode()
    assert not ServiceCatalogEntry.objects.exists()


def test_editing_and_publishing_an_entry(client, focal, mao):
    entry = EntryFactory(mao=mao, status=EntryStatus.DRAFT)
    client.force_login(focal)
    url = reverse("service_catalog:entry_edit", kwargs={"uid": entry.uid})
    assert entry.title in client.get(url).content.decode()
    client.post(url, _entry_form(title="New title"))
    client.post(reverse("service_catalog:entry_status", kwargs={"uid": entry.uid}), {"status": "published"})
    entry.refresh_from_db()
    assert (entry.title, entry.status) == ("New title", EntryStatus.PUBLISHED)


def test_entry_forms_need_their_csrf_token(focal, mao):
    entry = EntryFactory(mao=mao)
    client = Client(enforce_csrf_checks=True)
    client.force_login(focal)
    response = client.post(
        reverse("service_catalog:entry_status", kwargs={"uid": entry.uid}), {"status": "archived"}
    )
    assert response.status_code == 403


# --- Triage -------------------------------------------------------------------------------


def test_the_triage_queue_of_a_focal_person_holds_only_their_mao_requests(client, focal, mao, other_mao):
    ours = submit_request(entry=EntryFactory(mao=mao))
    theirs = submit_request(entry=EntryFactory(mao=other_mao))
    client.force_login(focal)
    html = client.get(TRIAGE).content.decode()
    assert ours.tracking_code in html and theirs.tracking_code not in html
    assert (
        client.get(reverse("service_catalog:request_detail", kwargs={"uid": theirs.uid})).status_code == 404
    )
    status_url = reverse("service_catalog:request_change_status", kwargs={"uid": theirs.uid})
    assert client.post(status_url, {"to_status": "under_review"}).status_code == 404


def test_triage_filters_by_status_and_by_charter_time(client, staff):
    fresh = submit_request()
    late = submit_request(entry=fresh.service)
    type(late).objects.filter(pk=late.pk).update(sla_due_on="2020-01-06")
    client.force_login(staff)
    overdue = client.get(TRIAGE, {"sla": "overdue"}).content.decode()
    assert late.tracking_code in overdue and fresh.tracking_code not in overdue
    move(fresh, staff, RequestStatus.REJECTED, public_note="Duplicate.")
    open_only = client.get(TRIAGE).content.decode()
    assert fresh.tracking_code not in open_only
    assert fresh.tracking_code in client.get(TRIAGE, {"status": "rejected"}).content.decode()


def test_triage_queries_do_not_grow_with_rows(client, staff, django_assert_max_num_queries):
    entry = EntryFactory()
    client.force_login(staff)
    submit_request(entry=entry)
    with django_assert_max_num_queries(12):
        client.get(TRIAGE)
    for _ in range(8):
        submit_request(entry=entry)
    with django_assert_max_num_queries(12):
        client.get(TRIAGE)


def test_staff_see_the_requester_and_internal_notes(client, staff):
    service_request = submit_request()
    client.force_login(staff)
    html = client.get(
        reverse("service_catalog:request_detail", kwargs={"uid": service_request.uid})
    ).content.decode()
    assert "Amina Sarip" in html and "amina@example.org" in html and "Confidential" in html


def test_changing_the_status_records_notes_and_emails_the_requester(
    client, focal, mao, django_capture_on_commit_callbacks
):
    service_request = submit_request(entry=EntryFactory(mao=mao))
    client.force_login(focal)
    url = reverse("service_catalog:request_change_status", kwargs={"uid": service_request.uid})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"to_status": "under_review", "public_note": "Checking.", "internal_note": "Easy one."}
        )
    assert response.status_code == 302
    change = service_request.history.last()
    assert (change.to_status, change.public_note, change.internal_note, change.changed_by) == (
        "under_review",
        "Checking.",
        "Easy one.",
        focal,
    )
    assert mail.outbox[-1].to == ["amina@example.org"] and "Checking." in mail.outbox[-1].body


def test_a_move_the_machine_forbids_is_a_400(client, staff):
    service_request = submit_request()
    client.force_login(staff)
    url = reverse("service_catalog:request_change_status", kwargs={"uid": service_request.uid})
    response = client.post(url, {"to_status": "closed"})
    assert response.status_code == 400 and "to_status" in response.context["status_form"].errors
    assert service_request.history.count() == 1


@pytest.mark.parametrize(
    "note",
    [
        "Call Amina at 0917 123 4567.",
        "Her number: +63 917-123-4567",
        "Office line (02) 8123-4567",
        "Write to amina.sarip@example.org",
    ],
)
@pytest.mark.parametrize("to_status", ["under_review", ""])
def test_a_public_note_with_contact_details_is_refused_before_it_is_published(client, staff, note, to_status):
    service_request = submit_request()
    client.force_login(staff)
    url = reverse("service_catalog:request_change_status", kwargs={"uid": service_request.uid})
    response = client.post(url, {"to_status": to_status, "public_note": note})
    assert response.status_code == 400
    assert "publicly" in response.context["status_form"].errors["public_note"][0]
    assert service_request.history.count() == 1 and not mail.outbox


def test_dates_amounts_and_codes_are_not_mistaken_for_phone_numbers(client, staff):
    service_request = submit_request()
    client.force_login(staff)
    url = reverse("service_catalog:request_change_status", kwargs={"uid": service_request.uid})
    note = f"Release on 2026-12-31 of PHP 25,000.00 for {service_request.tracking_code}."
    assert client.post(url, {"to_status": "under_review", "public_note": note}).status_code == 302
    assert service_request.history.last().public_note == note


def test_assigning_a_request(client, staff, focal, mao):
    service_request = submit_request(entry=EntryFactory(mao=mao))
    client.force_login(staff)
    url = reverse("service_catalog:request_assign", kwargs={"uid": service_request.uid})
    assert client.post(url, {"assignee": focal.pk}).status_code == 302
    service_request.refresh_from_db()
    assert service_request.assigned_to == focal
    stranger = UserFactory(role=Role.MAO_FOCAL)
    assert client.post(url, {"assignee": stranger.pk}).status_code == 400


def test_triage_forms_need_their_csrf_token(staff):
    service_request = submit_request()
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    url = reverse("service_catalog:request_change_status", kwargs={"uid": service_request.uid})
    assert client.post(url, {"to_status": "under_review"}).status_code == 403
    assert service_request.history.count() == 1


def test_rejecting_asks_first_and_rejects_only_once_confirmed(
    client, staff, django_capture_on_commit_callbacks
):
    service_request = submit_request()
    client.force_login(staff)
    url = reverse("service_catalog:request_change_status", kwargs={"uid": service_request.uid})
    reject = {"to_status": "rejected", "public_note": "Already served this year."}
    with django_capture_on_commit_callbacks(execute=True):
        question = client.post(url, reject)
    html = question.content.decode()
    assert question.status_code == 200 and "Reject the request" in html
    assert 'name="confirmed" value="1"' in html and "Already served this year." in html
    assert 'type="hidden" name="to_status" value="rejected"' in html
    service_request.refresh_from_db()
    assert service_request.status == RequestStatus.SUBMITTED and service_request.history.count() == 1
    assert len(mail.outbox) == 0
    # Confirmed without the note the requester must read: refused on the same step.
    refused = client.post(url, {"to_status": "rejected", "public_note": "", "confirmed": "1"})
    assert refused.status_code == 400 and "<title>Error: " in refused.content.decode()
    assert "Reject the request" in refused.content.decode()
    service_request.refresh_from_db()
    assert service_request.status == RequestStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {**reject, "confirmed": "1"})
    assert done.status_code == 302
    service_request.refresh_from_db()
    assert service_request.status == RequestStatus.REJECTED
    assert "Already served this year." in mail.outbox[-1].body


def test_other_status_changes_do_not_ask(client, staff):
    service_request = submit_request()
    client.force_login(staff)
    url = reverse("service_catalog:request_change_status", kwargs={"uid": service_request.uid})
    assert client.post(url, {"to_status": "under_review"}).status_code == 302
