"""Extra factories and places for the PPA register's tests (the shared ones live in
factories.py)."""

from dataclasses import dataclass

import factory

from common.models import Community, Municipality, Province, Region
from common.tests.geo_factories import CommunityFactory, MunicipalityFactory, ProvinceFactory, RegionFactory
from monitoring.models import Indicator, IndicatorKind, IndicatorUnit


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    entry = factory.SubFactory("monitoring.tests.factories.PpaFactory")
    kind = IndicatorKind.OUTPUT
    description = factory.Sequence(lambda n: f"Households given starter kits ({n})")
    unit = IndicatorUnit.COUNT
    target_text = "120"
    target_value = 120
    actual_value = 45


@dataclass
class Place:
    region: Region
    province: Province
    municipality: Municipality

    def community(self, **fields) -> Community:
        return CommunityFactory(barangay__municipality=self.municipality, **fields)


def make_place(region_code: str = "1200000000", region_name: str = "Region XII (SOCCSKSARGEN)") -> Place:
    """A region with one province and one municipality in it."""
    region = RegionFactory(psgc_code=region_code, name=region_name, short_name=region_name.split()[1])
    province = ProvinceFactory(region=region)
    municipality = MunicipalityFactory(province=province)
    return Place(region, province, municipality)
