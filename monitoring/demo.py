"""The demo: real geography, MAOs and PPAs, plus synthetic data generated from a fixed seed.

Real: places and PSGC codes, census populations, ministries, PPAs, budgets, indicators.
Synthetic (source=synthetic wherever the model records a source, and said on screen): the
OBC communities and their needs, which communities and places each PPA serves and its
beneficiaries, progress reports, focal persons, engagements, action items and OBC requests.
The same seed gives the same data on every machine; nothing calls the network. The tables
it draws from are in monitoring.demo_data.

Overlaps between MAOs (DOMAIN.md: PPAs of different MAOs, same fiscal year, same sector,
same community) exist only where they are planted (PLANTED_OVERLAPS). Every other
PPA-community link comes from a partition: for each sector, each municipality belongs to
exactly one MAO, a PPA serves only communities in its own MAO's municipalities for its
sector, and the planted communities are kept out of that sector's partition. So two MAOs
meet in a community and sector only where a case was planted. OBC requests name their
community in `requesting_community`, never in `communities`, so they add no overlap either.
"""

import datetime
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count

from common.models import Barangay, Community, DataSource, EthnolinguisticGroup, Need, NeedStatus, Role, User
from common.services.geography import OBC_REGIONS
from monitoring.demo_data import (
    ACCESS_WEIGHTS,
    ACTION_ITEMS,
    CONSULTATION_DAYS,
    DEFAULT_PLACE,
    FIRST_NAMES,
    LAST_NAMES,
    NEED_SECTOR_WEIGHTS,
    NEED_STATUS_WEIGHTS,
    NEED_TITLES,
    NEED_URGENCY_WEIGHTS,
    PLACES,
    PLANTED_OVERLAPS,
    POSITIONS,
    POVERTY_WEIGHTS,
    PROGRESS_REPORT_DAYS,
    QUARTERLY_MEETINGS,
    REGION_GROUPS,
)
from monitoring.services.reference_data import ppa_reference_load

DEMO_SEED = 20250101
DEMO_FISCAL_YEAR = 2025
COMMUNITY_COUNT = 1500
MIN_BARANGAY_POPULATION = 200  # smaller barangays would make implausible communities
SYNTHETIC_NOTE = f"Synthetic demo data (random seed {DEMO_SEED})."
MANILA = datetime.timezone(datetime.timedelta(hours=8))
BANGSAMORO = "Bangsamoro"  # how a community of another group is named
CORE_MAOS = ("MSSD", "MOH", "MAFAR", "MBHTE", "MPW")  # the MAOs with demo focal logins

__all__ = [
    "DEMO_SEED",
    "PLANTED_OVERLAPS",
    "PlantedOverlap",
    "SyntheticDemoReport",
    "synthetic_demo_generate",
]


@dataclass(frozen=True)
class PlantedOverlap:
    """A planted overlap as generated: the community (by its barangay's PSGC code) and the PPAs."""

    barangay_psgc: str
    community_name: str
    sector: str
    ppas: tuple[tuple[str, str], ...]  # (MAO acronym, PPA title)


@dataclass
class SyntheticDemoReport:
    skipped_because: str = ""
    communities: int = 0
    needs: int = 0
    ppas_served: int = 0
    ppa_community_links: int = 0
    focal_persons: int = 0
    engagements: int = 0
    participants: int = 0
    action_items: int = 0
    updates: int = 0
    ppas_reported: int = 0
    requests: int = 0
    planted: list[PlantedOverlap] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        header = f"Synthetic demo data (generated from random seed {DEMO_SEED}; marked source=synthetic):"
        if self.skipped_because:
            return [header, f"  {self.skipped_because}"]
        lines = [
            header,
            f"  OBC communities: {self.communities} in barangays of Regions {', '.join(OBC_REGIONS)}",
            f"  needs: {self.needs}",
            f"  PPAs serving communities: {self.ppas_served}, {self.ppa_community_links} community links "
            "(who is served, coverage and beneficiaries are synthetic; titles and budgets are real)",
            f"  progress reports: {self.updates} on {self.ppas_reported} PPAs",
            f"  focal persons: {self.focal_persons}",
            f"  engagements: {self.engagements}, with {self.participants} participants and "
            f"{self.action_items} action items",
            f"  OBC requests: {self.requests}",
            f"  planted overlaps (different MAOs, same sector, community and year): {len(self.planted)}",
        ]
        lines += [
            f"    {case.community_name} [{case.barangay_psgc}], {case.sector}: "
            + " + ".join(acronym for acronym, _ in case.ppas)
            for case in self.planted
        ]
        return lines + [f"  note: {note}" for note in self.notes]


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _person(rng: random.Random, domain: str) -> tuple[str, str]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return f"{first} {last}", f"{first}.{last}@{domain}.demo.obcms.invalid".lower()


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=MANILA)


@dataclass
class _Place:
    """What the generator needs to know of a community it made, without asking again."""

    community: Community
    barangay_psgc: str
    municipality_id: int
    province_key: tuple  # the province, or the independent city standing in for one
    province_id: int | None
    region_id: int


class _DemoGenerator:
    """The random source and what earlier steps made, for the later steps."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)  # noqa: S311  (reproducible demo data, not secrets)
        self.report = SyntheticDemoReport()
        self.users = {
            user.username: user for user in User.objects.filter(username__in=["exec", "staff", "leader"])
        }
        self.maos = {}

    def communities(self) -> list[_Place]:
        rng = self.rng
        taken = set(Community.objects.values_list("barangay_id", flat=True))
        candidates = (
            Barangay.objects.filter(
                municipality__region__short_name__in=OBC_REGIONS, population__gte=MIN_BARANGAY_POPULATION
            )
            .exclude(id__in=taken)
            .order_by("psgc_code")
            .values_list(
                "id",
                "psgc_code",
                "name",
                "population",
                "municipality_id",
                "municipality__province_id",
                "municipality__region_id",
                "municipality__region__short_name",
            )
        )
        # Weighted sampling without replacement (Efraimidis and Spirakis): key u ** (1 / weight).
        keyed = [
            (rng.random() ** (1.0 / PLACES.get(row[1][:5], DEFAULT_PLACE).weight), row) for row in candidates
        ]
        chosen = sorted(
            (row for _, row in sorted(keyed, reverse=True)[:COMMUNITY_COUNT]), key=lambda row: row[1]
        )
        places = []
        for barangay_id, psgc, name, population, municipality_id, province_id, region_id, region in chosen:
            profile = PLACES.get(psgc[:5], DEFAULT_PLACE)
            group = _weighted(rng, profile.groups or REGION_GROUPS[region])
            people = BANGSAMORO if group == EthnolinguisticGroup.OTHER else group.label
            estimate = min(population, max(30, round(population * rng.uniform(*profile.share))))
            south, north, west, east = profile.bbox
            access = [rng.choices(range(1, 6), weights=ACCESS_WEIGHTS)[0] for _ in range(5)]
            community = Community(
                barangay_id=barangay_id,
                municipality_id=municipality_id,
                province_id=province_id,
                region_id=region_id,
                name=f"{people} community of {name}",
                other_names=rng.choice(
                    ["", "", "", "Purok Muslim", f"Purok {rng.randint(1, 7)}", "Sitio Masjid"]
                ),
                estimated_obc_population=estimate,
                households=max(1, round(estimate / rng.uniform(4.5, 5.5))),
                ethnolinguistic_group=group,
                latitude=Decimal(f"{rng.uniform(south, north):.6f}"),
                longitude=Decimal(f"{rng.uniform(west, east):.6f}"),
                poverty_band=_weighted(rng, POVERTY_WEIGHTS),
                road_access=access[0],
                water_access=access[1],
                electricity_access=access[2],
                health_access=access[3],
                education_access=access[4],
                source=DataSource.SYNTHETIC,
                notes=SYNTHETIC_NOTE,
            )
            province_key = ("province", province_id) if province_id else ("city", municipality_id)
            places.append(_Place(community, psgc, municipality_id, province_key, province_id, region_id))
        Community.objects.bulk_create([place.community for place in places], batch_size=500)
        self.report.communities = len(places)
        return places

    def needs(self, places: list[_Place]) -> dict[tuple[int, str], list[Need]]:
        """One to three needs per community, in different sectors; returns the open ones
        by (community id, sector)."""
        rng = self.rng
        rows = []
        for place in places:
            population = place.community.estimated_obc_population
            count = rng.randint(1, 3)
            sectors = []
            while len(sectors) < count:
                if (sector := _weighted(rng, NEED_SECTOR_WEIGHTS)) not in sectors:
                    sectors.append(sector)
            rows += [
                Need(
                    community=place.community,
                    title=rng.choice(NEED_TITLES[sector]),
                    description="Raised by the community's leaders in the 2024 mapping and needs assessment.",
                    sector=sector,
                    urgency=_weighted(rng, NEED_URGENCY_WEIGHTS),
                    status=_weighted(rng, NEED_STATUS_WEIGHTS),
                    affected_population=rng.randint(max(1, population // 10), population),
                    identified_on=datetime.date(2024, rng.randint(1, 12), rng.randint(1, 28)),
                    source=DataSource.SYNTHETIC,
                )
                for sector in sectors
            ]
        Need.objects.bulk_create(rows, batch_size=500)
        self.report.needs = len(rows)
        open_needs = defaultdict(list)
        for need in rows:
            if need.status != NeedStatus.DROPPED:
                open_needs[(need.community_id, str(need.sector))].append(need)
        return open_needs

    def coverage(self, places: list[_Place], needs: dict, ppas: Sequence) -> None:
        """Which communities each PPA serves: the planted overlaps, then the partition."""
        from monitoring.models import MonitoringEntry

        rng = self.rng
        served: dict[int, list[_Place]] = defaultdict(list)
        planted_in: dict[str, set[int]] = defaultdict(set)  # sector -> planted community ids
        by_key = {(ppa.implementing_mao.acronym, ppa.title): ppa for ppa in ppas}
        free = list(places)
        for spec in PLANTED_OVERLAPS:
            members = [by_key.get(key) for key in spec.ppas]
            if None in members or any(ppa.sector != spec.sector for ppa in members):
                self.report.notes.append(
                    f"planted overlap left out (a PPA is missing or re-sectored): {spec.story}"
                )
                continue
            place = free.pop(rng.randrange(len(free)))
            planted_in[spec.sector].add(place.community.id)
            for ppa in members:
                served[ppa.id].append(place)
            self.report.planted.append(
                PlantedOverlap(place.barangay_psgc, place.community.name, spec.sector, spec.ppas)
            )

        by_municipality: dict[int, list[_Place]] = defaultdict(list)
        for place in places:
            by_municipality[place.municipality_id].append(place)
        by_sector: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for ppa in ppas:
            by_sector[ppa.sector][ppa.implementing_mao.acronym].append(ppa)
        for sector, by_mao in sorted(by_sector.items()):
            owned = self._partition(
                sorted(by_municipality), {mao: len(items) for mao, items in sorted(by_mao.items())}
            )
            for mao, items in sorted(by_mao.items()):
                pool = [
                    place
                    for municipality in owned.get(mao, ())
                    for place in by_municipality[municipality]
                    if place.community.id not in planted_in[sector]
                ]
                for ppa in items:
                    served[ppa.id] = self._draw(pool) + served[ppa.id]

        links, need_links, changed = [], [], []
        for ppa in ppas:
            if not (chosen := served.get(ppa.id)):
                continue
            for place in chosen:
                links.append(
                    MonitoringEntry.communities.through(
                        monitoringentry_id=ppa.id, community_id=place.community.id
                    )
                )
                need_links += [
                    MonitoringEntry.needs_addressed.through(monitoringentry_id=ppa.id, need_id=need.id)
                    for need in needs.get((place.community.id, ppa.sector), ())
                ]
            self._set_coverage(ppa, chosen)
            ppa.beneficiaries_individuals = sum(
                round(place.community.estimated_obc_population * rng.uniform(0.15, 0.6)) for place in chosen
            )
            ppa.beneficiaries_households = max(1, ppa.beneficiaries_individuals // 5)
            changed.append(ppa)
        MonitoringEntry.communities.through.objects.bulk_create(links, batch_size=1000)
        MonitoringEntry.needs_addressed.through.objects.bulk_create(need_links, batch_size=1000)
        coverage_fields = ["coverage_region", "coverage_province", "coverage_municipality"]
        MonitoringEntry.objects.bulk_update(
            changed,
            [*coverage_fields, "beneficiaries_individuals", "beneficiaries_households"],
            batch_size=200,
        )
        self.report.ppas_served = len(changed)
        self.report.ppa_community_links = len(links)

    def _partition(self, municipalities: list[int], shares: dict[str, int]) -> dict[str, list[int]]:
        """Shuffle the municipalities and cut them into one slice per MAO, at least one
        each, the rest in proportion to the MAO's number of PPAs in the sector."""
        shuffled = list(municipalities)
        self.rng.shuffle(shuffled)
        spare, total = len(shuffled) - len(shares), sum(shares.values())
        owned, start = {}, 0
        for mao, share in shares.items() if spare >= 0 else ():
            size = 1 + spare * share // total
            owned[mao], start = shuffled[start : start + size], start + size
        return owned

    def _draw(self, pool: list[_Place]) -> list[_Place]:
        """One to eight communities of the pool around one of them: in its municipality,
        its province or its region."""
        if not pool:
            return []
        rng = self.rng
        anchor = rng.choice(pool)
        scope = rng.choices(("municipality_id", "province_key", "region_id"), weights=(50, 35, 15))[0]
        nearby = [place for place in pool if getattr(place, scope) == getattr(anchor, scope)]
        return rng.sample(nearby, min(len(nearby), rng.randint(1, 8)))

    @staticmethod
    def _set_coverage(ppa, chosen: list[_Place]) -> None:
        """Coverage is the smallest area holding every community the PPA serves."""
        regions = {place.region_id for place in chosen}
        provinces = {place.province_key for place in chosen}
        municipalities = {place.municipality_id for place in chosen}
        ppa.coverage_region_id = regions.pop() if len(regions) == 1 else None
        ppa.coverage_province_id = chosen[0].province_id if len(provinces) == 1 else None
        ppa.coverage_municipality_id = municipalities.pop() if len(municipalities) == 1 else None

    def focal_persons(self) -> dict[int, object]:
        """A primary focal person for every MAO that has none (the demo focal logins are
        their MAO's primary), an alternate for about a third. Returns the primaries by MAO."""
        from coordination.models import FocalPerson, FocalRole, Organization

        rng = self.rng
        self.maos = {mao.acronym: mao for mao in Organization.objects.maos().order_by("acronym")}
        logins = {
            user.organization_id: user
            for user in User.objects.filter(role=Role.MAO_FOCAL, username__startswith="focal")
        }
        staffed = set(
            FocalPerson.objects.filter(role=FocalRole.PRIMARY, is_active=True).values_list(
                "organization_id", flat=True
            )
        )
        rows = []
        for acronym, mao in self.maos.items():
            domain = acronym or "mao"
            if mao.id not in staffed:
                user = logins.get(mao.id)
                name, email = (user.get_full_name(), user.email) if user else _person(rng, domain)
                rows.append(
                    FocalPerson(
                        organization=mao,
                        user=user,
                        full_name=name,
                        position=rng.choice(POSITIONS),
                        email=email,
                        phone=f"+63 900 000 {rng.randint(0, 9999):04d}",
                        active_from=datetime.date(2025, 1, 1),
                    )
                )
            if rng.random() < 0.35:
                name, email = _person(rng, domain)
                rows.append(
                    FocalPerson(
                        organization=mao,
                        full_name=name,
                        position=rng.choice(POSITIONS),
                        email=email,
                        role=FocalRole.ALTERNATE,
                        active_from=datetime.date(2025, rng.randint(1, 6), 1),
                    )
                )
        FocalPerson.objects.bulk_create(rows)
        self.report.focal_persons = len(rows)
        primaries = FocalPerson.objects.filter(role=FocalRole.PRIMARY, is_active=True)
        return {person.organization_id: person for person in primaries}

    def engagements(self, places: list[_Place], primaries: dict) -> None:
        """The four quarterly coordination meetings of FY2025, three community consultations
        and a field visit, all held; their participants and action items."""
        from coordination.models import (
            ActionItem,
            ActionItemStatus,
            Attendance,
            EngagementParticipant,
            EngagementStatus,
            EngagementType,
            MinutesStatus,
            Rsvp,
            StakeholderEngagement,
        )

        rng, maos = self.rng, self.maos
        ocm, oobc = maos.get("OCM"), maos.get("OOBC")
        core = [maos[acronym] for acronym in CORE_MAOS if acronym in maos]
        others = [mao for acronym, mao in maos.items() if acronym not in (*CORE_MAOS, "OCM", "OOBC")]
        approver, creator = self.users.get("exec"), self.users.get("staff")
        participants = []

        def engagement(organizations: list, *, day, hours, approved: bool | None, **fields):
            """approved: True, minutes approved; False, minutes `draft` (draft or circulated); None, none."""
            draft = fields.pop("draft", MinutesStatus.DRAFT)
            minutes_status = {True: MinutesStatus.APPROVED, None: MinutesStatus.NONE}.get(approved, draft)
            created = StakeholderEngagement.objects.create(
                status=EngagementStatus.COMPLETED,
                planned_start=_at(day, hours[0]),
                planned_end=_at(day, hours[1]),
                fiscal_year=day.year,
                quarter=(day.month - 1) // 3 + 1,
                minutes_status=minutes_status,
                minutes_approved_by=approver if approved else None,
                minutes_approved_at=_at(day + datetime.timedelta(days=14), 10) if approved else None,
                created_by=creator,
                **fields,
            )
            organizations = [org for org in organizations if org]
            created.participating_organizations.set(organizations)
            for organization in organizations:
                if (person := primaries.get(organization.id)) is None:
                    continue
                rsvp = _weighted(
                    rng, {Rsvp.ACCEPTED: 80, Rsvp.TENTATIVE: 5, Rsvp.DECLINED: 10, Rsvp.PENDING: 5}
                )
                if rsvp == Rsvp.ACCEPTED:
                    attendance = Attendance.PRESENT if rng.random() < 0.92 else Attendance.ABSENT
                else:
                    attendance = Attendance.EXCUSED if rsvp == Rsvp.DECLINED else Attendance.ABSENT
                participants.append(
                    EngagementParticipant(
                        engagement=created,
                        focal_person=person,
                        organization=organization,
                        rsvp=rsvp,
                        attendance=attendance,
                    )
                )
            return created

        meetings = {}
        for quarter, day, organizer, approved in QUARTERLY_MEETINGS:
            meetings[quarter] = engagement(
                [ocm, oobc, *core, *rng.sample(others, min(len(others), 7))],
                day=day,
                hours=(9, 13),
                approved=approved,
                draft=MinutesStatus.CIRCULATED,
                title=f"Q{quarter} {day.year} OBC coordination meeting of the OCM with the MAOs",
                engagement_type=EngagementType.COORDINATION_MEETING,
                venue="Online"
                if quarter == 3
                else "Office of the Chief Minister, Bangsamoro Government Center, Cotabato City",
                online_link="https://meet.demo.obcms.invalid/obc-q3-2025" if quarter == 3 else "",
                organizer=maos.get(organizer),
                agenda="1. Pre-meeting reports of the MAOs: PPAs for OBCs, budget, beneficiaries\n"
                "2. Accomplishments and challenges\n3. Action items of the previous meeting\n"
                "4. Overlaps and gaps in OBC areas\n5. Plans for the next quarter",
                minutes=f"Synthetic minutes of the Q{quarter} meeting: the MAOs presented their reports; "
                "OOBC presented the communities served and the needs still unmet.",
            )
        for (day, approved), place in zip(
            CONSULTATION_DAYS, rng.sample(places, len(CONSULTATION_DAYS)), strict=True
        ):
            consultation = engagement(
                [oobc, *rng.sample(core, min(2, len(core)))],
                day=day,
                hours=(9, 12),
                approved=approved,
                draft=MinutesStatus.DRAFT,
                title=f"Community consultation with the {place.community.name}",
                engagement_type=EngagementType.CONSULTATION,
                venue="Barangay hall",
                organizer=oobc,
                community=place.community,
                agenda="1. Validation of the community profile\n2. Priority needs\n3. What the MAOs offer",
                minutes="Synthetic minutes: the community validated its profile and ranked its needs.",
            )
            for _ in range(3):
                participants.append(
                    EngagementParticipant(
                        engagement=consultation,
                        name=_person(rng, "community")[0],
                        rsvp=Rsvp.ACCEPTED,
                        attendance=Attendance.PRESENT,
                    )
                )
        visited = rng.choice(places)
        engagement(
            [oobc, maos.get("MPW")],
            day=datetime.date(2025, 11, 12),
            hours=(8, 16),
            approved=None,
            title=f"Field validation of needs in the {visited.community.name}",
            engagement_type=EngagementType.FIELD_VISIT,
            venue="Barangay hall and project sites",
            organizer=oobc,
            community=visited.community,
            agenda="Walk-through of the sites of the requested water system and footbridge.",
        )
        EngagementParticipant.objects.bulk_create(participants)
        self.report.engagements = len(QUARTERLY_MEETINGS) + len(CONSULTATION_DAYS) + 1
        self.report.participants = len(participants)

        previous: dict[str, ActionItem] = {}
        for index, (quarter, acronym, text, due, done) in enumerate(ACTION_ITEMS):
            if acronym not in maos:
                continue
            carried_on = any(later[2] == text for later in ACTION_ITEMS[index + 1 :])
            status = (
                ActionItemStatus.DONE
                if done
                else (ActionItemStatus.IN_PROGRESS if carried_on else ActionItemStatus.OPEN)
            )
            previous[text] = ActionItem.objects.create(
                engagement=meetings[quarter],
                description=text,
                owner_organization=maos[acronym],
                due_date=due,
                status=status,
                carried_over_from=previous.get(text),
                completed_at=_at(due - datetime.timedelta(days=5), 15) if done else None,
            )
            self.report.action_items += 1

    def progress(self, ppas: Sequence) -> None:
        """Progress reports for about 40% of the PPAs, one to three quarters of FY2025; the
        PPA shows its latest report."""
        from monitoring.models import MonitoringEntry, MonitoringUpdate, PpaStatus

        rng = self.rng
        reporters = {
            user.organization_id: user
            for user in User.objects.filter(role=Role.MAO_FOCAL, username__startswith="focal")
        }
        updates, reported = [], []
        for ppa in ppas:
            if rng.random() >= 0.4:
                continue
            for day in PROGRESS_REPORT_DAYS[: rng.randint(1, len(PROGRESS_REPORT_DAYS))]:
                progress = min(100, ppa.progress + rng.randint(10, 40))
                spent = ppa.budget_allocated * progress / 100 * Decimal(f"{rng.uniform(0.7, 1.0):.4f}")
                ppa.progress, ppa.budget_utilized, ppa.last_reported_on = (
                    progress,
                    spent.quantize(Decimal("0.01")),
                    day,
                )
                ppa.status = PpaStatus.COMPLETED if progress == 100 else PpaStatus.ONGOING
                updates.append(
                    MonitoringUpdate(
                        entry=ppa,
                        reported_on=day,
                        progress=progress,
                        status=ppa.status,
                        budget_utilized=ppa.budget_utilized,
                        beneficiaries_reached=round((ppa.beneficiaries_individuals or 0) * progress / 100)
                        or None,
                        accomplishments=f"Synthetic demo report: {progress}% of the planned work done.",
                        challenges=rng.choice(
                            ("", "Late release of the allotment.", "Remote sitios cut off by rain.")
                        ),
                        next_steps="Continue implementation; validate the beneficiary list with OOBC.",
                        reported_by=reporters.get(ppa.implementing_mao_id),
                    )
                )
            reported.append(ppa)
        MonitoringUpdate.objects.bulk_create(updates, batch_size=500)
        fields = ["progress", "status", "budget_utilized", "last_reported_on"]
        MonitoringEntry.objects.bulk_update(reported, fields, batch_size=200)
        self.report.updates = len(updates)
        self.report.ppas_reported = len(reported)

    def requests(self, places: list[_Place], needs: dict, ppas: Sequence) -> None:
        """Thirty OBC requests in every status, three of them from the demo community
        leader's community; approved and later ones answered by a PPA of their sector."""
        from monitoring.models import EntryCategory, MonitoringEntry, RequestStatus

        rng = self.rng
        leader = self.users.get("leader")
        home = rng.choice(places)
        if leader is not None and leader.community_id is None:
            leader.community = home.community
            leader.save(update_fields=["community"])
        by_sector = defaultdict(list)
        for ppa in ppas:
            by_sector[ppa.sector].append(ppa)
        answered = {RequestStatus.APPROVED, RequestStatus.IN_PROGRESS, RequestStatus.COMPLETED}
        statuses = list(RequestStatus)
        rows = []
        for index in range(30):
            place = home if index < 3 else rng.choice(places)
            community_needs = [
                need for sector in NEED_TITLES for need in needs.get((place.community.id, sector), ())
            ]
            need = rng.choice(community_needs) if community_needs else None
            sector = need.sector if need else _weighted(rng, NEED_SECTOR_WEIGHTS)
            status = statuses[index % len(statuses)]
            answer = rng.choice(by_sector[sector]) if status in answered and by_sector[sector] else None
            endorsed_to = answer.implementing_mao if answer else None
            if status == RequestStatus.ENDORSED and by_sector[sector]:
                endorsed_to = rng.choice(by_sector[sector]).implementing_mao
            rows.append(
                MonitoringEntry(
                    category=EntryCategory.OBC_REQUEST,
                    title=f"Request: {need.title if need else rng.choice(NEED_TITLES[sector])}",
                    description=f"Submitted by the leaders of the {place.community.name} (synthetic).",
                    fiscal_year=DEMO_FISCAL_YEAR,
                    sector=sector,
                    request_status=status,
                    implementing_mao=endorsed_to,
                    requesting_community=place.community,
                    answered_by=answer,
                    source=DataSource.SYNTHETIC,
                    created_by=leader if place is home else None,
                )
            )
        MonitoringEntry.objects.bulk_create(rows)
        self.report.requests = len(rows)


@transaction.atomic
def synthetic_demo_generate(*, seed: int = DEMO_SEED) -> SyntheticDemoReport:
    """Generate the synthetic part of the demo, once. Needs the real geography and the
    reference PPAs of DEMO_FISCAL_YEAR. When synthetic communities exist already nothing is
    added: the step is one transaction, so it is there entirely or not at all."""
    from monitoring.models import EntryCategory, MonitoringEntry

    if Community.objects.filter(source=DataSource.SYNTHETIC).exists():
        return SyntheticDemoReport(skipped_because="already present: nothing added.")
    generator = _DemoGenerator(seed)
    places = generator.communities()
    if not places:
        return SyntheticDemoReport(skipped_because="no barangays loaded (run load_geography): nothing added.")
    needs = generator.needs(places)
    ppas = list(
        MonitoringEntry.objects.with_money()
        .filter(fiscal_year=DEMO_FISCAL_YEAR, source=DataSource.REFERENCE)
        .exclude(category=EntryCategory.OBC_REQUEST)
        .annotate(served=Count("communities"))
        .filter(served=0)
        .select_related("implementing_mao")
        .order_by("implementing_mao__acronym", "title", "id")
    )
    generator.coverage(places, needs, ppas)
    generator.engagements(places, generator.focal_persons())
    generator.progress(ppas)
    generator.requests(places, needs, ppas)
    return generator.report


# --- the seeders `manage.py seed_demo` runs (registered in MonitoringConfig.ready) ------------


def ppa_reference_seed() -> list[str]:
    return ppa_reference_load(fiscal_year=DEMO_FISCAL_YEAR).lines()


def synthetic_demo_seed() -> list[str]:
    return ["SYNTHETIC DATA", *synthetic_demo_generate().lines()]
