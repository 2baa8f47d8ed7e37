"""What the home page of the OOBC and OCM executives lists from the dashboard: overlaps no
one has decided on, MAOs whose PPAs went quiet, and what the latest snapshot changed."""

from datetime import timedelta

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from common.models import Role, User
from common.selectors.home import PendingItem
from monitoring.models import EntryCategory, EntryKind, MonitoringEntry, PpaStatus
from monitoring.selectors import STALE_AFTER_DAYS
from ocm_dashboard.models import BeneficiaryOverlap, OCMDashboardSnapshot, OverlapStatus

OVERSIGHT_ROLES = (Role.OOBC_EXECUTIVE, Role.OCM_EXECUTIVE)


def stale_mao_count() -> int:
    """MAOs with planned or ongoing PPAs, none of which was reported on for 90 days."""
    cutoff = timezone.localdate() - timedelta(days=STALE_AFTER_DAYS)
    return (
        MonitoringEntry.objects.filter(status__in=[PpaStatus.PLANNING, PpaStatus.ONGOING], kind=EntryKind.PPA)
        .exclude(category=EntryCategory.OBC_REQUEST)
        .values("implementing_mao")
        .annotate(last=Max("last_reported_on"))
        .filter(Q(last__lt=cutoff) | Q(last__isnull=True))
        .count()
    )


def home_pending(user: User) -> list[PendingItem]:
    if user.role not in OVERSIGHT_ROLES:
        return []
    items = []
    undecided = BeneficiaryOverlap.objects.filter(status=OverlapStatus.DETECTED).count()
    if undecided:
        items.append(
            PendingItem(
                label=f"{undecided} overlap{'s' if undecided != 1 else ''} between MAOs not yet decided",
                url=f"{reverse('ocm_dashboard:overlap_list')}?status={OverlapStatus.DETECTED}",
                urgent=True,
            )
        )
    stale = stale_mao_count()
    if stale:
        items.append(
            PendingItem(
                label=f"{stale} MAO{'s' if stale != 1 else ''} with no PPA progress reported for "
                f"{STALE_AFTER_DAYS} days",
                url=reverse("ocm_dashboard:index"),
            )
        )
    latest = OCMDashboardSnapshot.objects.defer("payload").order_by("-taken_at").first()
    if latest is not None:
        changed = len(latest.changes.get("maos", []))
        maos = f"{changed} MAO{'s' if changed != 1 else ''}"
        items.append(
            PendingItem(
                label=f"Latest FY{latest.fiscal_year} snapshot: {maos} changed",
                detail=f"taken {timezone.localtime(latest.taken_at):%d %b %Y, %-I:%M %p}",
                url=f"{reverse('ocm_dashboard:index')}?fiscal_year={latest.fiscal_year}",
            )
        )
    return items
