"""Fixtures of the dashboard's tests: the small world of factories_dashboard, and the one
overlap it holds (MA and MB both fund economic PPAs for Community One)."""

import pytest

from common.models import Sector
from ocm_dashboard.models import BeneficiaryOverlap
from ocm_dashboard.services.overlaps import overlaps_detect
from ocm_dashboard.tests.factories_dashboard import YEAR, build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def overlap(world):
    overlaps_detect(fiscal_year=YEAR)
    return BeneficiaryOverlap.objects.get(community=world.communities["C1"], sector=Sector.ECONOMIC)
