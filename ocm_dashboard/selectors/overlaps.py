"""Reads of the overlap queue."""

from collections.abc import Mapping
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from common.models import Sector
from ocm_dashboard.filters import DashboardFilters, OverlapFilter
from ocm_dashboard.models import (
    CLOSED_RANK,
    OPEN_STATUSES,
    BeneficiaryOverlap,
    OverlapLevel,
    OverlapSeverity,
    OverlapStatus,
)
from ocm_dashboard.selectors.scope import database


def overlap_list(*, filters: Mapping | None = None, using: str | None = None) -> QuerySet[BeneficiaryOverlap]:
    """The overlap queue, filtered by OverlapFilter (fiscal_year, sector, status, severity,
    region, mao); undecided and serious first."""
    queryset = (
        BeneficiaryOverlap.objects.using(database(using))
        .select_related("community", "municipality__province", "region", "reviewed_by")
        .order_by("queue_rank", "-combined_budget", "id")
    )
    if filters is not None:
        queryset = OverlapFilter(filters, queryset).qs
    return queryset


def overlap_get(*, uid: UUID | str) -> BeneficiaryOverlap:
    try:
        return overlap_list(using="default").get(uid=uid)
    except (BeneficiaryOverlap.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such overlap.") from exc


def overlaps_in_scope(queryset: QuerySet, filters: DashboardFilters) -> QuerySet:
    """The overlaps of the dashboard's fiscal year, sector and place (MAO: those it is in)."""
    queryset = queryset.filter(fiscal_year=filters.fiscal_year)
    if filters.sector:
        queryset = queryset.filter(sector=filters.sector)
    if filters.mao is not None:
        queryset = OverlapFilter(queryset=queryset).filter_mao(queryset, "mao", filters.mao)
    if filters.community is not None:
        return queryset.filter(community=filters.community)
    if filters.place is not None:
        level, place_id = filters.place
        if level == "province":
            return queryset.filter(municipality__province_id=place_id)
        queryset = queryset.filter(**{f"{level}_id": place_id})
    return queryset


def overlap_queue(*, filters: DashboardFilters, limit: int = 10) -> list[BeneficiaryOverlap]:
    """The open overlaps the dashboard lists first, read off the queue index: 1 query."""
    return list(overlaps_in_scope(overlap_list(), filters).filter(queue_rank__lt=CLOSED_RANK)[:limit])


def overlap_summary(*, filters: DashboardFilters, using: str | None = None) -> dict:
    """Counts of the overlaps in scope by status, and of open ones by severity: 1 query
    (grouped by status and severity, at most 15 rows)."""
    queryset = overlaps_in_scope(BeneficiaryOverlap.objects.using(database(using)), filters)
    by_status = dict.fromkeys(OverlapStatus.values, 0)
    open_by_severity = dict.fromkeys(OverlapSeverity.values, 0)
    for row in queryset.order_by().values("status", "severity").annotate(total=Count("*")):
        by_status[row["status"]] += row["total"]
        if row["status"] in OPEN_STATUSES:
            open_by_severity[row["severity"]] += row["total"]
    return {
        "total": sum(by_status.values()),
        "open": sum(open_by_severity.values()),
        "by_status": by_status,
        "open_by_severity": open_by_severity,
    }


def overlap_place(overlap: BeneficiaryOverlap) -> str:
    municipality = overlap.municipality
    where = municipality.name + (f", {municipality.province.name}" if municipality.province_id else "")
    if overlap.level == OverlapLevel.COMMUNITY and overlap.community_id:
        return f"{overlap.community.name} ({where})"
    return where


def overlap_reason(overlap: BeneficiaryOverlap) -> str:
    """Why it was flagged, in a sentence built from the stored evidence."""
    maos = sorted({ppa.get("mao") or "?" for ppa in overlap.ppas})
    reason = _(
        "%(maos)s MAOs (%(names)s) fund %(ppas)s %(sector)s PPAs serving %(place)s in FY%(year)s, "
        "PHP %(budget)s together."
    ) % {
        "maos": overlap.mao_count,
        "names": ", ".join(maos),
        "ppas": overlap.ppa_count,
        "sector": Sector(overlap.sector).label.lower(),
        "place": overlap_place(overlap),
        "year": overlap.fiscal_year,
        "budget": f"{Decimal(overlap.combined_budget):,.2f}",
    }
    if overlap.level == OverlapLevel.MUNICIPALITY:
        reason += " " + _("The PPAs name no community; they cover the same city or municipality.")
    population = overlap.community_population
    if population is not None and overlap.combined_beneficiaries > population:
        reason += " " + _(
            "They claim %(claimed)s beneficiaries, more than the community's estimated OBC population of "
            "%(population)s."
        ) % {"claimed": f"{overlap.combined_beneficiaries:,}", "population": f"{population:,}"}
    return reason


def overlap_ppas(overlap: BeneficiaryOverlap) -> list[dict]:
    """The PPAs behind an overlap with uids as text with dashes (SQLite stores them bare)."""
    rows = []
    for ppa in overlap.ppas:
        row = dict(ppa)
        for key in ("uid", "mao_uid"):
            if row.get(key):
                row[key] = str(UUID(str(row[key])))
        row["budget"] = str(Decimal(str(row.get("budget") or 0)).quantize(Decimal("0.01")))
        row["beneficiaries"] = row.get("beneficiaries") or 0
        rows.append(row)
    return rows
