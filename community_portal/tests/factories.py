"""Factories of the community portal: leaders go through the real registration service so
their consent and tokens are real; shortcuts exist for the states tests start from."""

from datetime import timedelta

import factory
from django.utils import timezone

from common.models import Role
from common.tests.factories import UserFactory
from common.tests.geo_factories import CommunityFactory
from community_portal.models import (
    CommunityRole,
    ConsultationStatus,
    DigitalConsultation,
    LeaderProfile,
    LeaderStatus,
)
from community_portal.privacy import PORTAL_PRIVACY_NOTICE_VERSION


def make_leader(
    *, status: str = LeaderStatus.VERIFIED, community=None, email_verified: bool = True, **user_fields
):
    """A community leader account in the given verification state."""
    community = community or CommunityFactory()
    user = UserFactory(
        role=Role.COMMUNITY_LEADER,
        email_verified_at=timezone.now() if email_verified else None,
        community=community if status == LeaderStatus.VERIFIED else None,
        **user_fields,
    )
    decided = status in (LeaderStatus.VERIFIED, LeaderStatus.REJECTED)
    LeaderProfile.objects.create(
        user=user,
        community=community,
        community_role=CommunityRole.BARANGAY_OFFICIAL,
        status=status,
        decision_reason="Not known to the barangay." if status == LeaderStatus.REJECTED else "",
        decided_at=timezone.now() if decided else None,
        privacy_notice_version=PORTAL_PRIVACY_NOTICE_VERSION,
        consent_given_at=timezone.now(),
    )
    return user


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DigitalConsultation
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"consultation-{n}")
    title = factory.Sequence(lambda n: f"Madrasah support programme {n}")
    summary = "How should the programme reach OBC madaris?"
    body = "OOBC asks communities how the programme should work."
    status = ConsultationStatus.PUBLISHED
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=11))
