"""Services of the catalog: entries with their charter, and the life of a service request."""

import re
from datetime import date, datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from common.errors import ApplicationError
from common.models import Region
from common.sms import LocmemSmsBackend
from common.tests.geo_factories import BarangayFactory, CommunityFactory, MunicipalityFactory, ProvinceFactory
from monitoring.tests.factories import PpaFactory
from service_catalog.cache import public_version
from service_catalog.models import Classification, EntryStatus, RequestStatus, StatusChange
from service_catalog.privacy import PRIVACY_NOTICE_VERSION
from service_catalog.services import requests as request_services
from service_catalog.services.entries import entry_create, entry_set_status, entry_update
from service_catalog.services.requests import (
    service_request_assign,
    service_request_transition,
    status_change_notify,
)
from service_catalog.tests.factories import EntryFactory, submit_request

pytestmark = pytest.mark.django_db

STEP = {
    "client_action": "Send the request",
    "agency_action": "Check it",
    "fee": 0,
    "duration_minutes": 60,
    "responsible_office": "OBC Desk",
}
ENTRY = {
    "title": "Seed capital for women's groups",
    "summary": "Seed capital for small businesses.",
    "sector": "economic",
    "who_may_avail": "Women's associations.",
    "eligibility_criteria": "Registered association.",
    "classification": Classification.SIMPLE,
    "complaint_procedure": "Write to the head of office.",
    "contact_office": "OBC Desk",
}


# --- Entries ------------------------------------------------------------------------------


def test_a_focal_person_creates_entries_for_their_own_mao(focal, mao):
    entry = entry_create(acting_user=focal, mao=mao, steps=[STEP], **ENTRY)
    assert entry.mao == mao and entry.status == EntryStatus.DRAFT
    assert entry.slug == "seed-capital-for-womens-groups"
    assert list(entry.steps.values_list("order", "duration_minutes")) == [(1, 60)]


def test_a_focal_person_cannot_create_entries_for_another_mao(focal, other_mao):
    with pytest.raises(PermissionDenied):
        entry_create(acting_user=focal, mao=other_mao, **ENTRY)


def test_slugs_stay_unique_when_titles_repeat(staff, mao):
    first = entry_create(acting_user=staff, mao=mao, **ENTRY)
    second = entry_create(acting_user=staff, mao=mao, **ENTRY)
    assert (first.slug, second.slug) == ("seed-capital-for-womens-groups", "seed-capital-for-womens-groups-2")


@pytest.mark.parametrize(
    "steps",
    [
        "not a list",
        [["a", "list"]],
        [{**STEP, "is_admin": True}],
        [{**STEP, "duration_minutes": -5}],
        [{**STEP, "client_action": "<script>alert(1)</script>"}],
    ],
)
def test_charter_rows_of_the_wrong_shape_are_refused_and_nothing_is_written(staff, mao, steps):
    with pytest.raises(ApplicationError) as error:
        entry_create(acting_user=staff, mao=mao, steps=steps, **ENTRY)
    assert "steps" in error.value.fields
    assert not mao.catalog_entries.exists()


def test_steps_longer_than_the_classification_ceiling_are_refused(staff, mao):
    four_days = {**STEP, "duration_minutes": 4 * 480}
    with pytest.raises(ApplicationError, match="more than the 3 working days"):
        entry_create(acting_user=staff, mao=mao, steps=[four_days], **ENTRY)


def test_a_stricter_classification_is_checked_against_the_existing_steps(staff, mao):
    entry = entry_create(
        acting_user=staff,
        mao=mao,
        steps=[{**STEP, "duration_minutes": 5 * 480}],
        **{**ENTRY, "classification": Classification.COMPLEX},
    )
    with pytest.raises(ApplicationError, match="more than the 3 working days"):
        entry_update(entry=entry, acting_user=staff, classification=Classification.SIMPLE)


def test_markup_in_entry_text_is_refused(staff, mao):
    with pytest.raises(ApplicationError) as error:
        entry_create(acting_user=staff, mao=mao, **{**ENTRY, "title": "Free <b>rice</b>"})
    assert "title" in error.value.fields


def test_a_ppa_of_another_mao_cannot_be_linked(staff, mao, other_mao):
    with pytest.raises(ApplicationError) as error:
        entry_create(acting_user=staff, mao=mao, ppa=PpaFactory(implementing_mao=other_mao), **ENTRY)
    assert "ppa" in error.value.fields


def test_publishing_needs_eligibility_a_complaint_procedure_and_steps(staff, mao):
    entry = entry_create(
        acting_user=staff, mao=mao, **{**ENTRY, "eligibility_criteria": "", "complaint_procedure": ""}
    )
    with pytest.raises(ApplicationError) as error:
        entry_set_status(entry=entry, acting_user=staff, status=EntryStatus.PUBLISHED)
    assert set(error.value.fields) == {"eligibility_criteria", "complaint_procedure", "steps"}


def test_publishing_a_complete_entry_stamps_the_time(staff, mao):
    entry = entry_create(acting_user=staff, mao=mao, steps=[STEP], **ENTRY)
    entry_set_status(entry=entry, acting_user=staff, status=EntryStatus.PUBLISHED)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PUBLISHED and entry.published_at is not None


def test_every_entry_change_bumps_the_public_cache_version(staff, mao, django_capture_on_commit_callbacks):
    before = public_version()
    with django_capture_on_commit_callbacks(execute=True):
        entry = entry_create(acting_user=staff, mao=mao, steps=[STEP], **ENTRY)
    created = public_version()
    with django_capture_on_commit_callbacks(execute=True):
        entry_update(entry=entry, acting_user=staff, summary="New summary.")
    assert before < created < public_version()


# --- Requests: submission -----------------------------------------------------------------


def test_a_request_gets_an_unambiguous_random_tracking_code():
    entry = EntryFactory()
    codes = {submit_request(entry=entry).tracking_code for _ in range(30)}
    assert len(codes) == 30
    for code in codes:
        assert re.fullmatch(r"SR-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code), code
        assert not set(code[3:]) & set("01ILO")


def test_a_colliding_code_is_drawn_again(monkeypatch):
    taken = submit_request()
    draws = iter([taken.tracking_code, "SR-ABCD-EFGH"])
    monkeypatch.setattr(request_services, "tracking_code_new", lambda: next(draws))
    assert submit_request(entry=taken.service).tracking_code == "SR-ABCD-EFGH"


def test_tracking_codes_are_normalised_from_what_people_type():
    assert request_services.tracking_code_normalise(" sr 7k3f 9q2m ") == "SR-7K3F-9Q2M"
    assert request_services.tracking_code_normalise("7K3F9Q2M") == "SR-7K3F-9Q2M"
    assert request_services.tracking_code_normalise("SR-0000-1111") is None
    assert request_services.tracking_code_normalise("hello") is None


def test_submission_records_consent_and_finds_the_community_of_the_barangay(frozen_now):
    moment = frozen_now(datetime(2025, 3, 3, 9, 30))
    community = CommunityFactory()
    service_request = submit_request(barangay=community.barangay)
    assert service_request.privacy_notice_version == PRIVACY_NOTICE_VERSION
    assert service_request.consent_given_at == moment
    assert service_request.community == community
    assert service_request.classification == "confidential"
    assert list(service_request.history.values_list("to_status", flat=True)) == [RequestStatus.SUBMITTED]


def test_the_due_date_counts_working_days_and_skips_holidays(frozen_now):
    frozen_now(datetime(2025, 4, 16, 10, 0))  # the Wednesday before Maundy Thursday
    service_request = submit_request(entry=EntryFactory(classification=Classification.SIMPLE))
    assert service_request.sla_due_on == date(2025, 4, 23)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"privacy_notice_version": "2019-01"}, "privacy_notice_version"),
        ({"requester_email": "", "requester_phone": ""}, "requester_email"),
        ({"requester_phone": "call me maybe", "requester_email": ""}, "requester_phone"),
        ({"details": "<img src=x onerror=alert(1)>"}, "details"),
        ({"beneficiaries": 0}, "beneficiaries"),
        ({"details": "x" * 2001}, "details"),
    ],
)
def test_bad_requests_are_refused_naming_the_field_and_write_nothing(overrides, field):
    entry = EntryFactory()
    with pytest.raises(ApplicationError) as error:
        submit_request(entry=entry, **overrides)
    assert field in error.value.fields
    assert not entry.requests.exists()


@pytest.mark.parametrize(
    "entry_fields",
    [{"status": EntryStatus.DRAFT}, {"status": EntryStatus.ARCHIVED}, {"accepting_requests": False}],
)
def test_requests_only_go_to_published_services_that_accept_them(entry_fields):
    with pytest.raises(ApplicationError) as error:
        submit_request(entry=EntryFactory(**entry_fields))
    assert "service" in error.value.fields


def test_a_service_limited_to_some_provinces_refuses_other_places():
    covered, elsewhere = ProvinceFactory(), ProvinceFactory()
    entry = EntryFactory()
    entry.coverage_provinces.set([covered])
    inside = BarangayFactory(municipality=MunicipalityFactory(province=covered))
    outside = BarangayFactory(municipality=MunicipalityFactory(province=elsewhere))
    assert submit_request(entry=entry, barangay=inside).barangay == inside
    with pytest.raises(ApplicationError) as error:
        submit_request(entry=entry, barangay=outside)
    assert "barangay" in error.value.fields


def test_a_service_covering_a_region_takes_requests_from_all_of_it():
    entry = EntryFactory()
    entry.coverage_regions.set(
        [Region.objects.get_or_create(psgc_code="1200000000", defaults={"name": "XII"})[0]]
    )
    assert submit_request(entry=entry).pk


# --- Requests: the status machine ---------------------------------------------------------


def test_the_status_machine_refuses_skipping_steps(staff):
    service_request = submit_request()
    with pytest.raises(ApplicationError) as error:
        service_request_transition(
            service_request=service_request,
            acting_user=staff,
            to_status=RequestStatus.FULFILLED,
            notify=False,
        )
    assert "status" in error.value.fields
    service_request.refresh_from_db()
    assert service_request.status == RequestStatus.SUBMITTED
    assert service_request.history.count() == 1


@pytest.mark.parametrize("to_status", [RequestStatus.NEEDS_INFO, RequestStatus.REJECTED])
def test_asking_for_information_or_rejecting_needs_a_note_to_the_requester(staff, to_status):
    service_request = submit_request()
    service_request_transition(
        service_request=service_request, acting_user=staff, to_status=RequestStatus.UNDER_REVIEW, notify=False
    )
    with pytest.raises(ApplicationError) as error:
        service_request_transition(service_request=service_request, acting_user=staff, to_status=to_status)
    assert "public_note" in error.value.fields


def test_the_clock_pauses_while_the_request_waits_for_the_requester(staff, frozen_now):
    frozen_now(datetime(2025, 3, 3, 9, 0))  # Monday; complex: 7 working days, due Wed 12 March
    service_request = submit_request()
    assert service_request.sla_due_on == date(2025, 3, 12)
    frozen_now(datetime(2025, 3, 4, 9, 0))
    service_request_transition(
        service_request=service_request, acting_user=staff, to_status=RequestStatus.UNDER_REVIEW, notify=False
    )
    frozen_now(datetime(2025, 3, 5, 9, 0))
    service_request_transition(
        service_request=service_request,
        acting_user=staff,
        to_status=RequestStatus.NEEDS_INFO,
        public_note="Send your barangay certificate.",
        notify=False,
    )
    assert service_request.sla_paused_on == date(2025, 3, 5)
    frozen_now(datetime(2025, 3, 10, 14, 0))  # the requester answers the next Monday
    service_request_transition(
        service_request=service_request, acting_user=staff, to_status=RequestStatus.UNDER_REVIEW, notify=False
    )
    service_request.refresh_from_db()
    # Thursday 6, Friday 7 and Monday 10 were spent waiting: three working days added.
    assert service_request.sla_paused_working_days == 3
    assert service_request.sla_paused_on is None
    assert service_request.sla_due_on == date(2025, 3, 17)


def test_fulfilment_records_the_day_the_request_was_answered(staff, frozen_now):
    service_request = submit_request()
    for status in (RequestStatus.UNDER_REVIEW, RequestStatus.APPROVED, RequestStatus.IN_PROGRESS):
        service_request_transition(
            service_request=service_request, acting_user=staff, to_status=status, notify=False
        )
    frozen_now(datetime(2025, 3, 6, 9, 0))
    service_request_transition(
        service_request=service_request, acting_user=staff, to_status=RequestStatus.FULFILLED, notify=False
    )
    assert service_request.resolved_on == date(2025, 3, 6)
    assert not service_request.is_open and service_request.open311_status == "closed"


def test_a_focal_person_cannot_move_another_mao_request(other_mao):
    from common.models import Role
    from common.tests.factories import UserFactory

    outsider = UserFactory(role=Role.MAO_FOCAL, organization=other_mao)
    service_request = submit_request()
    with pytest.raises(PermissionDenied):
        service_request_transition(
            service_request=service_request, acting_user=outsider, to_status=RequestStatus.UNDER_REVIEW
        )


def test_a_request_is_assigned_only_to_someone_who_handles_its_mao(focal, mao, other_mao, staff):
    from common.models import Role
    from common.tests.factories import UserFactory

    service_request = submit_request(entry=EntryFactory(mao=mao))
    outsider = UserFactory(role=Role.MAO_FOCAL, organization=other_mao)
    with pytest.raises(ApplicationError) as error:
        service_request_assign(service_request=service_request, acting_user=staff, assignee=outsider)
    assert "assigned_to" in error.value.fields
    service_request_assign(service_request=service_request, acting_user=staff, assignee=focal)
    service_request.refresh_from_db()
    assert service_request.assigned_to == focal
    last = service_request.history.last()
    assert last.internal_note.startswith("Assigned to") and not last.is_public


# --- Requests: telling the requester ------------------------------------------------------


def test_the_requester_is_emailed_on_every_public_status_change(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        service_request = submit_request(notify=True)
    with django_capture_on_commit_callbacks(execute=True):
        service_request_transition(
            service_request=service_request,
            acting_user=staff,
            to_status=RequestStatus.UNDER_REVIEW,
            public_note="We are checking your papers.",
            internal_note="Looks like a duplicate of last year's request.",
        )
    assert [message.to for message in mail.outbox] == [["amina@example.org"], ["amina@example.org"]]
    assert service_request.tracking_code in mail.outbox[0].body
    update = mail.outbox[1]
    assert "Under review" in update.subject and "We are checking your papers." in update.body
    assert "duplicate" not in update.body
    assert all(change.notified_at for change in StatusChange.objects.all())


def test_a_requester_without_email_gets_an_sms(django_capture_on_commit_callbacks):
    LocmemSmsBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        service_request = submit_request(requester_email="", requester_phone="+63 917 555 0101", notify=True)
    assert LocmemSmsBackend.outbox[-1]["to"] == "+63 917 555 0101"
    assert service_request.tracking_code in LocmemSmsBackend.outbox[-1]["text"]


def test_notifying_twice_sends_one_email(staff):
    service_request = submit_request()
    change = service_request.history.get()
    status_change_notify(change_id=change.pk)
    status_change_notify(change_id=change.pk)
    assert len(mail.outbox) == 1


def test_an_internal_note_is_never_sent(staff, django_capture_on_commit_callbacks):
    from service_catalog.services.requests import service_request_add_note

    service_request = submit_request()
    with django_capture_on_commit_callbacks(execute=True):
        service_request_add_note(
            service_request=service_request, acting_user=staff, internal_note="Call MSWDO."
        )
    assert mail.outbox == []
