import pytest

from common.models import Role
from common.tests.factories import UserFactory
from common.tests.geo_factories import CommunityFactory
from community_portal.tests.factories import make_leader
from coordination.tests.factories import OrganizationFactory
from service_catalog.tests.factories import EntryFactory


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def leader(community):
    return make_leader(community=community, phone="+63 917 555 0101")


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.OOBC_STAFF)


@pytest.fixture
def mao(db):
    return OrganizationFactory(name="Ministry of Social Services and Development", acronym="MSSD")


@pytest.fixture
def service(mao):
    return EntryFactory(mao=mao)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
