"""What the dashboard counts, decided in one place (docs/dashboard.md explains each rule).

- PPAs: MAO and OOBC PPAs of the fiscal year; OBC requests are not PPAs, and a cancelled
  PPA funds nothing.
- Place: a PPA is where the communities it serves are; a PPA that names no community is
  where its stated coverage is (its city or municipality, else its province, else its region).
  Within one place a PPA counts once, however many of its communities lie there.
- Quarter: a PPA is active in a quarter when its dates overlap it (a missing start or end is
  open-ended) or when it reported progress during it.
- On track: completed, or ongoing with progress at least the share of the fiscal year
  elapsed at the reference date less ON_TRACK_TOLERANCE points.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, When
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce
from django.utils import timezone

from common.dates import quarter_bounds
from common.db_router import read_replica
from monitoring.models import MonitoringEntry, MonitoringUpdate, PpaStatus
from ocm_dashboard.filters import DashboardFilters

# The table linking PPAs to the communities they serve.
PpaCommunity = MonitoringEntry.communities.through
LEVELS = ("region", "province", "municipality")
ON_TRACK_TOLERANCE = 10  # percentage points of slack against the calendar
CENTS = Decimal("0.01")


def database(using: str | None) -> str:
    """Heavy dashboard reads go to the replica when one is configured."""
    return using or read_replica()


def money(value) -> str:
    """Money in payloads: an exact decimal string, so JSON snapshots lose nothing."""
    return str(Decimal(value or 0).quantize(CENTS))


def ratio(part, whole) -> float | None:
    if not whole:
        return None
    return round(float(Decimal(part or 0) / Decimal(whole)), 4)


def cost_per(amount, people) -> str | None:
    return money(Decimal(amount or 0) / people) if people else None


def active_in_quarter(fiscal_year: int, quarter: int) -> Q:
    first, last = quarter_bounds(fiscal_year, quarter)
    overlaps_dates = (Q(start_date__isnull=True) | Q(start_date__lte=last)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=first)
    )
    reported = MonitoringUpdate.objects.filter(entry_id=OuterRef("pk"), reported_on__range=(first, last))
    return overlaps_dates | Q(Exists(reported))


def reference_date(filters: DashboardFilters, today: date | None = None) -> date:
    """The day progress is judged at: the end of the chosen quarter or year, or today if sooner."""
    today = today or timezone.localdate()
    if filters.quarter:
        end = quarter_bounds(filters.fiscal_year, filters.quarter)[1]
    else:
        end = date(filters.fiscal_year, 12, 31)
    return min(today, end)


def expected_progress(filters: DashboardFilters, today: date | None = None) -> int:
    """Percent of the fiscal year elapsed at the reference date, less the tolerance."""
    start = date(filters.fiscal_year, 1, 1)
    end = date(filters.fiscal_year, 12, 31)
    at = reference_date(filters, today)
    if at < start:
        return 0
    elapsed = ((at - start).days + 1) * 100 // ((end - start).days + 1)
    return max(0, elapsed - ON_TRACK_TOLERANCE)


def on_track(filters: DashboardFilters, today: date | None = None) -> Q:
    return Q(status=PpaStatus.COMPLETED) | Q(
        status=PpaStatus.ONGOING, progress__gte=expected_progress(filters, today)
    )


def coverage_place(level: str) -> Expression:
    """Where a PPA that names no community is, at `level`: its most specific stated coverage."""
    if level == "municipality":
        return F("coverage_municipality_id")
    if level == "province":
        return Coalesce("coverage_municipality__province_id", "coverage_province_id")
    return Coalesce("coverage_municipality__region_id", "coverage_province__region_id", "coverage_region_id")


def names_a_community() -> Exists:
    return Exists(PpaCommunity.objects.filter(monitoringentry_id=OuterRef("pk")))


def placed_in(queryset: QuerySet, level: str, place_id: int) -> QuerySet:
    serves_there = PpaCommunity.objects.filter(
        monitoringentry_id=OuterRef("pk"), **{f"community__{level}_id": place_id}
    )
    return queryset.alias(stated_place=coverage_place(level)).filter(
        Q(Exists(serves_there)) | (~names_a_community() & Q(stated_place=place_id))
    )


def counted_entries(*, using: str | None = None) -> QuerySet[MonitoringEntry]:
    """Every entry the dashboard counts, in any year: PPAs and special provisions, not
    cancelled."""
    return MonitoringEntry.objects.using(database(using)).ppas().exclude(status=PpaStatus.CANCELLED)


def ppa_scope(
    filters: DashboardFilters, *, using: str | None = None, by_quarter: bool = True, by_mao: bool = True
) -> QuerySet[MonitoringEntry]:
    """The PPAs every figure of the dashboard is computed from."""
    queryset = counted_entries(using=using).filter(fiscal_year=filters.fiscal_year)
    if filters.sector:
        queryset = queryset.filter(sector=filters.sector)
    if by_mao and filters.mao is not None:
        queryset = queryset.filter(implementing_mao=filters.mao)
    if by_quarter and filters.quarter:
        queryset = queryset.filter(active_in_quarter(filters.fiscal_year, filters.quarter))
    if filters.community is not None:
        queryset = queryset.filter(
            Exists(
                PpaCommunity.objects.filter(monitoringentry_id=OuterRef("pk"), community=filters.community)
            )
        )
    elif filters.place is not None:
        queryset = placed_in(queryset, *filters.place)
    return queryset.order_by()


def link_scope(filters: DashboardFilters, ppas: QuerySet) -> QuerySet:
    """PPA-community links of `ppas`, limited to communities inside the chosen place."""
    links = PpaCommunity.objects.using(ppas.db).filter(monitoringentry__in=ppas.values("pk"))
    if filters.community is not None:
        return links.filter(community=filters.community).order_by()
    if filters.place is not None:
        level, place_id = filters.place
        links = links.filter(**{f"community__{level}_id": place_id})
    return links.order_by()


def place_keys(level: str, path: str = "") -> dict[str, Expression]:
    """GROUP BY keys for a level. Cities independent of a province (HUCs) stand at the
    province level in their own right, keyed by `city`."""
    if level == "province":
        return {
            "province": F(f"{path}province_id"),
            "city": Case(When(**{f"{path}province_id__isnull": True}, then=F(f"{path}municipality_id"))),
        }
    return {level: F(f"{path}{level}_id")}


def coverage_keys(level: str) -> dict[str, Expression]:
    """The same keys for PPAs placed by their stated coverage."""
    if level != "province":
        return {level: coverage_place(level)}
    independent_city = Q(
        coverage_municipality__isnull=False,
        coverage_municipality__province__isnull=True,
        coverage_province__isnull=True,
    )
    return {
        "province": coverage_place("province"),
        "city": Case(When(independent_city, then=F("coverage_municipality_id"))),
    }


def same_place(level: str) -> Q:
    """Links whose community is in the same place (at `level`) as the outer link's."""
    if level == "province":
        return Q(community__province_id=OuterRef("community__province_id")) | Q(
            community__province__isnull=True,
            community__municipality_id=OuterRef("community__municipality_id"),
        )
    return Q(**{f"community__{level}_id": OuterRef(f"community__{level}_id")})
