"""Factories for geography, communities and needs (PSGC-shaped codes, invented places)."""

import factory

from common.models import (
    Barangay,
    Community,
    EthnolinguisticGroup,
    Municipality,
    MunicipalityKind,
    Need,
    NeedStatus,
    NeedUrgency,
    Province,
    Region,
    Sector,
)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("psgc_code",)

    psgc_code = "1200000000"
    name = "Region XII (SOCCSKSARGEN)"
    short_name = "XII"


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province

    psgc_code = factory.Sequence(lambda n: f"12{n + 10:02d}000000"[:10])
    name = factory.Sequence(lambda n: f"Test Province {n}")
    region = factory.SubFactory(RegionFactory)
    population = 500_000


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    psgc_code = factory.Sequence(lambda n: f"126{n:04d}000")
    name = factory.Sequence(lambda n: f"Test Municipality {n}")
    kind = MunicipalityKind.MUNICIPALITY
    province = factory.SubFactory(ProvinceFactory)
    region = factory.LazyAttribute(lambda o: o.province.region)
    population = 60_000


class BarangayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Barangay

    psgc_code = factory.Sequence(lambda n: f"127{n:07d}")
    name = factory.Sequence(lambda n: f"Barangay {n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    population = 3_000


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    barangay = factory.SubFactory(BarangayFactory)
    municipality = factory.LazyAttribute(lambda o: o.barangay.municipality)
    province = factory.LazyAttribute(lambda o: o.barangay.municipality.province)
    region = factory.LazyAttribute(lambda o: o.barangay.municipality.region)
    name = factory.LazyAttribute(lambda o: f"Bangsamoro community of {o.barangay.name}")
    estimated_obc_population = 800
    households = 160
    ethnolinguistic_group = EthnolinguisticGroup.MAGUINDANAON


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Potable water system {n}")
    sector = Sector.INFRASTRUCTURE
    urgency = NeedUrgency.SHORT_TERM
    status = NeedStatus.VALIDATED
    affected_population = 300
