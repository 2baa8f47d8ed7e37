import pytest

from common.models import Role
from common.tests.factories import UserFactory
from common.tests.geo_factories import CommunityFactory
from community_portal.demo import portal_demo_seed
from community_portal.models import ConsultationComment, DigitalConsultation, LeaderProfile, LeaderStatus


@pytest.mark.django_db
def test_the_demo_seeds_leaders_consultations_and_what_we_heard_once():
    UserFactory(role=Role.OOBC_STAFF)
    UserFactory(username="leader", role=Role.COMMUNITY_LEADER)
    for _ in range(3):
        CommunityFactory()
    portal_demo_seed()
    assert LeaderProfile.objects.get(user__username="leader").status == LeaderStatus.VERIFIED
    assert LeaderProfile.objects.filter(status=LeaderStatus.PENDING).count() == 2
    assert DigitalConsultation.objects.count() == 2
    closed = DigitalConsultation.objects.get(what_we_heard_published_at__isnull=False)
    assert closed.themes.count() == 2 and closed.comments.filter(theme__isnull=False).count() == 4
    assert ConsultationComment.objects.filter(hidden_at__isnull=False).count() == 1
    assert portal_demo_seed() == ["Community portal: demo data already present."]
    assert DigitalConsultation.objects.count() == 2
