"""A small world for the dashboard's tests: two regions, provinces, an independent city,
communities with coordinates and needs, three MAOs and PPAs covering every counting rule
(several communities in one place, communities in two regions, no community named,
cancelled, an OBC request, another fiscal year, no implementing MAO)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from common.models import MunicipalityKind, NeedStatus, NeedUrgency, Sector
from common.tests.geo_factories import (
    BarangayFactory,
    CommunityFactory,
    MunicipalityFactory,
    NeedFactory,
    ProvinceFactory,
    RegionFactory,
)
from coordination.tests.factories import OrganizationFactory
from monitoring.models import EntryCategory, MonitoringEntry, PpaStatus, RequestStatus
from monitoring.tests.factories import PpaFactory

YEAR = 2025


def community(municipality, *, population: int, lat: str, lng: str, name: str = ""):
    barangay = BarangayFactory(municipality=municipality)
    return CommunityFactory(
        barangay=barangay,
        estimated_obc_population=population,
        households=population // 5,
        latitude=Decimal(lat),
        longitude=Decimal(lng),
        **({"name": name} if name else {}),
    )


def ppa(mao, *, communities=(), **fields) -> MonitoringEntry:
    defaults = {
        "fiscal_year": YEAR,
        "sector": Sector.ECONOMIC,
        "status": PpaStatus.ONGOING,
        "progress": 50,
        "budget_allocated": Decimal("1000000.00"),
        "budget_utilized": Decimal("250000.00"),
        "beneficiaries_individuals": 100,
        "beneficiaries_households": 20,
    }
    return PpaFactory(implementing_mao=mao, communities=list(communities), **{**defaults, **fields})


@dataclass
class World:
    regions: dict = field(default_factory=dict)
    provinces: dict = field(default_factory=dict)
    municipalities: dict = field(default_factory=dict)
    communities: dict = field(default_factory=dict)
    maos: dict = field(default_factory=dict)
    ppas: dict = field(default_factory=dict)
    needs: dict = field(default_factory=dict)

    @property
    def all_ppas(self) -> list[MonitoringEntry]:
        return list(self.ppas.values())


def build_world() -> World:
    world = World()
    ix = RegionFactory(psgc_code="0900000000", name="Region IX (Zamboanga Peninsula)", short_name="IX")
    xii = RegionFactory(psgc_code="1200000000", name="Region XII (SOCCSKSARGEN)", short_name="XII")
    world.regions = {"IX": ix, "XII": xii}
    p1 = ProvinceFactory(region=ix, name="Zamboanga del Sur")
    p2 = ProvinceFactory(region=xii, name="Cotabato")
    world.provinces = {"P1": p1, "P2": p2}
    m1 = MunicipalityFactory(province=p1, name="Pagadian")
    m2 = MunicipalityFactory(province=p1, name="Dumalinao")
    m3 = MunicipalityFactory(province=p2, name="Pikit")
    huc = MunicipalityFactory(
        province=None, region=ix, name="Zamboanga City", kind=MunicipalityKind.CITY, is_huc=True
    )
    world.municipalities = {"M1": m1, "M2": m2, "M3": m3, "H": huc}
    world.communities = {
        "C1": community(m1, population=900, lat="7.8257", lng="123.4370", name="Community One"),
        "C2": community(m1, population=400, lat="7.8300", lng="123.4500", name="Community Two"),
        "C3": community(m2, population=700, lat="7.8100", lng="123.3000", name="Community Three"),
        "C4": community(m3, population=1200, lat="7.0500", lng="124.6700", name="Community Four"),
        "C5": community(huc, population=2500, lat="6.9214", lng="122.0790", name="Community Five"),
        "C6": community(m3, population=300, lat="7.0600", lng="124.6800", name="Community Six"),
    }
    c = world.communities
    world.maos = {key: OrganizationFactory(acronym=key, name=f"Ministry {key}") for key in ("MA", "MB", "MC")}
    a, b, m_c = world.maos["MA"], world.maos["MB"], world.maos["MC"]
    world.ppas = {
        # Two communities in one municipality: counted once there.
        "p1": ppa(a, communities=[c["C1"], c["C2"]], budget_allocated=Decimal("1000000.00"),
                  budget_utilized=Decimal("400000.00"), beneficiaries_individuals=300, progress=95,
                  last_reported_on=datetime.date(2025, 5, 10),
                  start_date=datetime.date(2025, 1, 15), end_date=datetime.date(2025, 3, 31)),
        # Communities in two regions.
        "p2": ppa(b, communities=[c["C1"], c["C4"]], budget_allocated=Decimal("2000000.00"),
                  budget_utilized=Decimal("2000000.00"), beneficiaries_individuals=500,
                  status=PpaStatus.COMPLETED, progress=100, last_reported_on=datetime.date(2025, 11, 3)),
        # The independent city.
        "p3": ppa(a, communities=[c["C5"]], sector=Sector.SOCIAL, budget_allocated=Decimal("500000.00"),
                  budget_utilized=Decimal("0.00"), beneficiaries_individuals=100, status=PpaStatus.PLANNING,
                  progress=0, start_date=datetime.date(2025, 7, 1)),
        # No community named: placed by its municipality.
        "p4": ppa(m_c, sector=Sector.INFRASTRUCTURE, coverage_municipality=m3, coverage_province=p2,
                  coverage_region=xii, budget_allocated=Decimal("3000000.00"),
                  budget_utilized=Decimal("1000000.00"), beneficiaries_individuals=1000,
                  status=PpaStatus.ON_HOLD, progress=20),
        # No community, region-wide: unplaced below the region.
        "p5": ppa(b, sector=Sector.SOCIAL, coverage_region=xii, budget_allocated=Decimal("750000.00"),
                  budget_utilized=Decimal("100000.00"), beneficiaries_individuals=0, progress=10,
                  end_date=datetime.date(2025, 2, 28)),
        # No implementing MAO (an OOBC PPA).
        "p9": ppa(None, category=EntryCategory.OOBC_PPA, communities=[c["C3"]], sector=Sector.GOVERNANCE,
                  budget_allocated=Decimal("250000.00"), budget_utilized=Decimal("50000.00"),
                  beneficiaries_individuals=None, beneficiaries_households=None, progress=60),
        # Not counted: cancelled, an OBC request, another year.
        "cancelled": ppa(m_c, communities=[c["C3"]], status=PpaStatus.CANCELLED),
        "request": ppa(None, category=EntryCategory.OBC_REQUEST, request_status=RequestStatus.SUBMITTED,
                       communities=[c["C3"]], status=PpaStatus.PLANNING),
        "last_year": ppa(a, communities=[c["C1"]], fiscal_year=YEAR - 1),
    }  # fmt: skip
    world.needs = {
        "C6": NeedFactory(community=c["C6"], sector=Sector.SOCIAL, urgency=NeedUrgency.IMMEDIATE,
                          affected_population=200),
        "C3": NeedFactory(community=c["C3"], sector=Sector.INFRASTRUCTURE, urgency=NeedUrgency.SHORT_TERM,
                          affected_population=100),
        "C3b": NeedFactory(community=c["C3"], sector=Sector.ECONOMIC, urgency=NeedUrgency.LONG_TERM,
                           affected_population=80),
        "C1": NeedFactory(community=c["C1"], sector=Sector.ECONOMIC, urgency=NeedUrgency.MEDIUM_TERM,
                          affected_population=50),
        "C4": NeedFactory(community=c["C4"], sector=Sector.SOCIAL, status=NeedStatus.REPORTED,
                          affected_population=600),
        "C5": NeedFactory(community=c["C5"], sector=Sector.SOCIAL, urgency=NeedUrgency.LONG_TERM,
                          affected_population=80),
    }  # fmt: skip
    return world


def grow_world(world: World, extra: int) -> None:
    """More MAOs, communities, PPAs and needs of the same kinds (for query-count tests)."""
    m3 = world.municipalities["M3"]
    for index in range(extra):
        mao = OrganizationFactory()
        place = community(m3, population=500, lat="7.1", lng="124.6")
        NeedFactory(community=place, affected_population=50)
        ppa(mao, communities=[place, world.communities["C4"]], last_reported_on=datetime.date(2025, 6, 1))
        ppa(mao, sector=Sector.SOCIAL, coverage_municipality=world.municipalities["M2"])
        ppa(world.maos["MA"], communities=[place], sector=Sector.SOCIAL if index % 2 else Sector.ECONOMIC)
