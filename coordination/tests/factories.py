import datetime

import factory
from django.utils import timezone

from coordination.models import (
    ActionItem,
    EngagementParticipant,
    EngagementStatus,
    EngagementType,
    FocalPerson,
    FocalRole,
    Organization,
    OrganizationKind,
    StakeholderEngagement,
)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Ministry of Test Affairs {n}")
    acronym = factory.Sequence(lambda n: f"MTA{n}")
    kind = OrganizationKind.MAO
    mandate = "Serves Bangsamoro communities."


class FocalPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPerson

    organization = factory.SubFactory(OrganizationFactory)
    full_name = factory.Faker("name")
    position = "Planning Officer"
    email = factory.Sequence(lambda n: f"focal{n}@mao.example.org")
    role = FocalRole.PRIMARY
    active_from = datetime.date(2025, 1, 1)


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderEngagement

    title = factory.Sequence(lambda n: f"Coordination meeting {n}")
    engagement_type = EngagementType.COORDINATION_MEETING
    status = EngagementStatus.SCHEDULED
    planned_start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    planned_end = factory.LazyAttribute(lambda o: o.planned_start + datetime.timedelta(hours=3))
    venue = "OOBC Conference Room, Cotabato City"
    fiscal_year = 2025
    quarter = 2
    organizer = factory.SubFactory(OrganizationFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EngagementParticipant

    engagement = factory.SubFactory(EngagementFactory)
    focal_person = factory.SubFactory(FocalPersonFactory)
    organization = factory.LazyAttribute(lambda o: o.focal_person.organization if o.focal_person else None)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    engagement = factory.SubFactory(EngagementFactory)
    description = factory.Sequence(lambda n: f"Submit the list of beneficiaries ({n})")
    owner_organization = factory.SubFactory(OrganizationFactory)
    due_date = datetime.date(2025, 6, 30)
