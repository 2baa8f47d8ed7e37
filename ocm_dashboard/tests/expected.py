"""The dashboard's figures computed again in plain Python from the rows a test created,
following the rules docs/dashboard.md states, so the tests compare two independent answers."""

from collections import defaultdict
from decimal import Decimal

from common.models import URGENCY_WEIGHT, NeedStatus
from monitoring.models import EntryCategory, PpaStatus

ZERO = Decimal("0.00")


def counted(ppas, *, year=2025, sector=None, mao=None, place=None):
    """PPAs the dashboard counts: the year's PPAs, not OBC requests, not cancelled."""
    chosen = [
        ppa
        for ppa in ppas
        if ppa.fiscal_year == year
        and ppa.category != EntryCategory.OBC_REQUEST
        and ppa.status != PpaStatus.CANCELLED
        and (sector is None or ppa.sector == sector)
        and (mao is None or ppa.implementing_mao_id == mao.id)
    ]
    if place is not None:
        level, place_id = place
        chosen = [ppa for ppa in chosen if any(_id(key) == place_id for key in places(ppa, level))]
    return chosen


def _id(key):
    return key if not isinstance(key, tuple) else (key[0] or key[1])


def money(amount) -> str:
    return str(Decimal(amount).quantize(Decimal("0.01")))


def totals(ppas, *, expected_progress: int, communities_in=None) -> dict:
    served = {
        community.id
        for ppa in ppas
        for community in ppa.communities.all()
        if communities_in is None or communities_in(community)
    }
    on_track = [
        ppa
        for ppa in ppas
        if ppa.status == PpaStatus.COMPLETED
        or (ppa.status == PpaStatus.ONGOING and ppa.progress >= expected_progress)
    ]
    return {
        "ppas": len(ppas),
        "budget_allocated": money(sum((ppa.budget_allocated for ppa in ppas), ZERO)),
        "budget_utilized": money(sum((ppa.budget_utilized for ppa in ppas), ZERO)),
        "beneficiaries": sum(ppa.beneficiaries_individuals or 0 for ppa in ppas),
        "households": sum(ppa.beneficiaries_households or 0 for ppa in ppas),
        "communities_served": len(served),
        "on_track": len(on_track),
    }


def group_by(ppas, key) -> dict:
    groups = defaultdict(list)
    for ppa in ppas:
        groups[key(ppa)].append(ppa)
    return groups


def places(ppa, level: str) -> set:
    """Where a PPA is at `level` (keys: ids; provinces as (province, independent city))."""
    communities = list(ppa.communities.all())
    if communities:
        return {community_key(community, level) for community in communities}
    municipality, province, region = ppa.coverage_municipality, ppa.coverage_province, ppa.coverage_region
    if level == "municipality":
        return {municipality.id} if municipality else set()
    if level == "province":
        if municipality and municipality.province_id:
            return {(municipality.province_id, None)}
        if province:
            return {(province.id, None)}
        if municipality:
            return {(None, municipality.id)}
        return set()
    for candidate in (municipality, province):
        if candidate is not None:
            return {candidate.region_id}
    return {region.id} if region else set()


def community_key(community, level: str):
    if level == "province":
        return (community.province_id, None) if community.province_id else (None, community.municipality_id)
    return getattr(community, f"{level}_id")


def coverage(ppas, level: str) -> dict:
    """{place key: figures}, each PPA once per place."""
    result = defaultdict(
        lambda: {
            "ppas": 0,
            "budget_allocated": ZERO,
            "budget_utilized": ZERO,
            "beneficiaries": 0,
            "served": set(),
        }
    )
    for ppa in ppas:
        for key in places(ppa, level):
            row = result[key]
            row["ppas"] += 1
            row["budget_allocated"] += ppa.budget_allocated
            row["budget_utilized"] += ppa.budget_utilized
            row["beneficiaries"] += ppa.beneficiaries_individuals or 0
        for community in ppa.communities.all():
            result[community_key(community, level)]["served"].add(community.id)
    return result


def unmet_need(needs) -> int:
    return sum(
        need.affected_population * URGENCY_WEIGHT[need.urgency]
        for need in needs
        if need.status == NeedStatus.VALIDATED
    )


def gaps(communities, needs, ppas, *, min_ppas: int = 2) -> list[tuple]:
    """[(community, PPAs serving it, unmet need)] ranked by unmet need."""
    serving = defaultdict(int)
    for ppa in ppas:
        for community in ppa.communities.all():
            serving[community.id] += 1
    rows = []
    for community in communities:
        validated = [
            need for need in needs if need.community_id == community.id and need.status == "validated"
        ]
        if validated and serving[community.id] < min_ppas:
            rows.append((community, serving[community.id], unmet_need(validated)))
    return sorted(rows, key=lambda row: (-row[2], row[0].name))
