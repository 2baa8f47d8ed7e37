"""Reads of the PPA register. Row scoping comes from common.scoping: a MAO focal person
sees only the PPAs their own MAO implements, and another MAO's PPA is a 404."""

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from common.models import Community, User
from common.permissions import Action, Area, can
from common.scoping import is_own_mao_scoped, scoped
from common.selectors.home import PendingItem
from monitoring.filters import PpaFilter
from monitoring.models import (
    EntryCategory,
    EntryKind,
    Indicator,
    MonitoringEntry,
    MonitoringUpdate,
    PpaStatus,
)

DEFAULT_ORDERING = ("-fiscal_year", "title", "pk")


def _community_count() -> Coalesce:
    # A correlated count rather than Count("communities"): no GROUP BY over every joined
    # column, and filters on communities cannot change it.
    counts = (
        MonitoringEntry.communities.through.objects.filter(monitoringentry_id=OuterRef("pk"))
        .order_by()
        .values("monitoringentry_id")
        .annotate(total=Count("*"))
        .values("total")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def ppa_list(*, user: User, filters: Mapping | None = None) -> QuerySet[MonitoringEntry]:
    """PPAs and OBC requests the user may see, filtered by PpaFilter (invalid filter values
    are ignored here; the API validates them and answers 400)."""
    queryset = (
        scoped(MonitoringEntry.objects.all(), user, Area.REGISTRY, mao_field="implementing_mao")
        .select_related("implementing_mao", "coverage_region", "coverage_province", "coverage_municipality")
        .annotate(community_count=_community_count())
        .order_by(*DEFAULT_ORDERING)
    )
    if filters is not None:
        queryset = PpaFilter(filters, queryset).qs
    return queryset


def ppa_get(*, user: User, uid: UUID | str) -> MonitoringEntry:
    """One PPA with everything its detail shows, or Http404 (also for another MAO's PPA)."""
    queryset = ppa_list(user=user).prefetch_related(
        "indicators",
        Prefetch("updates", queryset=MonitoringUpdate.objects.select_related("reported_by")),
        Prefetch("communities", queryset=Community.objects.select_related("municipality", "province")),
        "needs_addressed",
    )
    return _one(queryset, uid)


def ppa_find(*, user: User, uid: UUID | str) -> MonitoringEntry:
    """One PPA without its related rows (to change it or list its parts), or Http404."""
    return _one(ppa_list(user=user), uid)


def _one(queryset: QuerySet[MonitoringEntry], uid: UUID | str) -> MonitoringEntry:
    try:
        return queryset.get(uid=uid)
    except (MonitoringEntry.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such PPA.") from exc


def progress_report_list(*, ppa: MonitoringEntry) -> QuerySet[MonitoringUpdate]:
    """A PPA's progress reports, newest first."""
    return ppa.updates.select_related("reported_by").order_by("-reported_on", "-id")


def indicator_list(*, ppa: MonitoringEntry) -> QuerySet[Indicator]:
    """A PPA's outcome and output indicators with their targets and actuals."""
    return ppa.indicators.order_by("kind", "order", "id")


# --- What coordination's MAO pages show of the register (common.extensions, MonitoringConfig) --

PPA_CATEGORIES = Q(ppas__category__in=[EntryCategory.MAO_PPA, EntryCategory.OOBC_PPA])


def organization_ppa_totals(organizations: QuerySet) -> QuerySet:
    """`ppa_count` and `total_budget` of each organization's PPAs (OBC requests excluded)."""
    return organizations.annotate(
        ppa_count=Count("ppas", filter=PPA_CATEGORIES),
        total_budget=Sum("ppas__budget_allocated", filter=PPA_CATEGORIES, default=Decimal("0")),
    )


def organization_ppas(*, user: User, organization) -> QuerySet[MonitoringEntry]:
    """The PPAs of one organization the user may see."""
    return ppa_list(user=user, filters={"implementing_mao": str(organization.uid)})


STALE_AFTER_DAYS = 90


def stale_ppas(*, user: User) -> QuerySet[MonitoringEntry]:
    """Planned or ongoing PPAs (special provisions aside) with no progress report for 90 days."""
    cutoff = timezone.localdate() - timedelta(days=STALE_AFTER_DAYS)
    return (
        scoped(MonitoringEntry.objects.all(), user, Area.REGISTRY, mao_field="implementing_mao")
        .filter(status__in=[PpaStatus.PLANNING, PpaStatus.ONGOING], kind=EntryKind.PPA)
        .exclude(category=EntryCategory.OBC_REQUEST)
        .filter(
            Q(last_reported_on__lt=cutoff) | Q(last_reported_on__isnull=True, created_at__date__lt=cutoff)
        )
    )


def home_pending(user: User) -> list[PendingItem]:
    """A focal person's PPAs that have gone 90 days without a progress report."""
    if not is_own_mao_scoped(user, Area.REGISTRY) or not can(
        user, Area.REGISTRY, Action.CHANGE, organization_id=user.organization_id
    ):
        return []
    stale = stale_ppas(user=user).count()
    if not stale:
        return []
    return [
        PendingItem(
            label=f"{stale} PPA{'s' if stale != 1 else ''} not updated for {STALE_AFTER_DAYS} days",
            url=f"{reverse('monitoring:ppa_list')}?status={PpaStatus.ONGOING}",
            urgent=True,
        )
    ]
