import datetime

import pytest
from django.utils import timezone

from common.models import Role
from common.tests.factories import UserFactory
from coordination.tests.factories import OrganizationFactory


@pytest.fixture
def mao(db):
    return OrganizationFactory(name="Ministry of Social Services and Development", acronym="MSSD")


@pytest.fixture
def other_mao(db):
    return OrganizationFactory(name="Ministry of Health", acronym="MOH")


@pytest.fixture
def focal(mao):
    return UserFactory(role=Role.MAO_FOCAL, organization=mao)


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.OOBC_STAFF)


@pytest.fixture
def frozen_now(monkeypatch):
    """frozen_now(datetime) makes timezone.now() answer that moment (Asia/Manila)."""

    def freeze(moment: datetime.datetime):
        aware = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
        monkeypatch.setattr(timezone, "now", lambda: aware)
        return aware

    return freeze
