"""Factories for catalog entries and service requests. Entries are published with a
complete charter unless told otherwise; requests go through the submit service so their
tracking code and charter clock are real."""

import factory

from common.models import Sector
from common.tests.geo_factories import BarangayFactory
from coordination.tests.factories import OrganizationFactory
from service_catalog.models import (
    CharterRequirement,
    CharterStep,
    Classification,
    EntryStatus,
    ServiceCatalogEntry,
)
from service_catalog.privacy import PRIVACY_NOTICE_VERSION
from service_catalog.services.requests import service_request_submit, service_request_transition


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCatalogEntry
        skip_postgeneration_save = True

    mao = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Livelihood starter kit {n}")
    slug = factory.Sequence(lambda n: f"livelihood-starter-kit-{n}")
    summary = "Tools and seed capital for a small family business."
    description = "Given to families who lost their livelihood."
    sector = Sector.ECONOMIC
    who_may_avail = "Poor Bangsamoro families."
    eligibility_criteria = "Family income below the poverty threshold."
    classification = Classification.COMPLEX
    complaint_procedure = "Write to the head of the office."
    contact_office = "MAO OBC Desk, Cotabato City"
    status = EntryStatus.PUBLISHED

    @factory.post_generation
    def charter(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        CharterRequirement.objects.create(
            entry=self, order=1, requirement="Barangay certificate", where_to_secure="Barangay hall"
        )
        CharterStep.objects.create(
            entry=self,
            order=1,
            client_action="Send the request",
            agency_action="Check the request",
            duration_minutes=30,
            responsible_office="OBC Desk",
        )


def submit_request(entry=None, barangay=None, **overrides):
    """A request filed through the service, as the public would."""
    fields = {
        "service": entry or EntryFactory(),
        "requester_name": "Amina Sarip",
        "requester_email": "amina@example.org",
        "requester_phone": "",
        "barangay": barangay or BarangayFactory(),
        "details": "We need starter kits for ten families.",
        "beneficiaries": 10,
        "privacy_notice_version": PRIVACY_NOTICE_VERSION,
        "notify": False,
    }
    fields.update(overrides)
    return service_request_submit(**fields)


def move(service_request, acting_user, *statuses, public_note="", internal_note=""):
    """Walk a request through `statuses` as `acting_user`, without notifying anyone; the
    notes go with the last step."""
    for position, status in enumerate(statuses, start=1):
        last = position == len(statuses)
        service_request_transition(
            service_request=service_request,
            acting_user=acting_user,
            to_status=status,
            public_note=public_note if last else "",
            internal_note=internal_note if last else "",
            notify=False,
        )
    return service_request
