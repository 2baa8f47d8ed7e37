"""Reads of service_catalog. Public reads return only published entries and only public
fields; staff reads are scoped to the user's MAO through common.scoping."""

import math
import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from common.dates import working_days_between
from common.filters import search_text
from common.models import Barangay, Community, Municipality, Region, Role, Sector, User
from common.permissions import Action, Area, has_access
from common.scoping import scoped, scoped_get
from common.selectors.home import PendingItem
from coordination.models import Organization
from service_catalog import sla
from service_catalog.cache import cached_public
from service_catalog.filters import EntryFilter, RequestFilter, SlaFilter
from service_catalog.models import (
    OPEN_STATUSES,
    EntryStatus,
    RequestStatus,
    ServiceCatalogEntry,
    ServiceRequest,
    StatusChange,
)

PUBLIC_FILTERS = ("q", "sector", "mao", "region")
SEARCH_CONFIG = "english"
FILIPINO_SEARCH_CONFIG = "simple"
# A point farther than this from every profiled community is left for staff to place
# rather than put in a barangay it is probably not in.
NEAREST_COMMUNITY_MAX_KM = 30


# --- Public catalog -----------------------------------------------------------------------


def public_filters(params: Mapping[str, Any]) -> dict[str, str]:
    """The public list's filters, cleaned: unknown values are dropped, not errors."""
    cleaned = {}
    q = str(params.get("q", "") or "").strip()[:100]
    if q:
        cleaned["q"] = q
    sector = params.get("sector") or ""
    if sector in Sector.values:
        cleaned["sector"] = sector
    mao = str(params.get("mao") or "")
    try:
        cleaned["mao"] = str(uuid.UUID(mao)) if mao else None
    except ValueError:
        cleaned["mao"] = None
    region = str(params.get("region") or "")
    if region.isdigit() and len(region) == 10:
        cleaned["region"] = region
    return {key: value for key, value in cleaned.items() if value}


def _published() -> QuerySet[ServiceCatalogEntry]:
    return ServiceCatalogEntry.objects.filter(status=EntryStatus.PUBLISHED)


def _search(qs: QuerySet, q: str) -> QuerySet:
    """PostgreSQL full text with ranking (title above summary above description); a plain
    substring match on SQLite, the embedded default."""
    q = search_text(q)
    if connection.vendor == "postgresql":
        # Filipino has no PostgreSQL stemmer: its words are matched as written ("simple"),
        # alongside the English stems, so "bigas" and "rice" both find the rice service.
        vector = (
            SearchVector("title", "keywords", weight="A", config=SEARCH_CONFIG)
            + SearchVector("mao__acronym", weight="A", config=SEARCH_CONFIG)
            + SearchVector("title_fil", "keywords_fil", weight="A", config=FILIPINO_SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
            + SearchVector("summary_fil", weight="B", config=FILIPINO_SEARCH_CONFIG)
            + SearchVector("description", "who_may_avail", weight="C", config=SEARCH_CONFIG)
        )
        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG) | SearchQuery(
            q, search_type="websearch", config=FILIPINO_SEARCH_CONFIG
        )
        return (
            qs.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by("-rank", "title")
        )
    return qs.filter(
        Q(title__icontains=q)
        | Q(summary__icontains=q)
        | Q(description__icontains=q)
        | Q(keywords__icontains=q)
        | Q(title_fil__icontains=q)
        | Q(summary_fil__icontains=q)
        | Q(keywords_fil__icontains=q)
        | Q(mao__acronym__iexact=q)
    )


def _in_region(psgc_code: str) -> Q:
    """Entries offered in a region: covering it, covering one of its provinces, or covering
    everywhere (no coverage set)."""
    regions = ServiceCatalogEntry.coverage_regions.through.objects.filter(
        servicecatalogentry_id=OuterRef("pk")
    )
    provinces = ServiceCatalogEntry.coverage_provinces.through.objects.filter(
        servicecatalogentry_id=OuterRef("pk")
    )
    return (
        Exists(regions.filter(region__psgc_code=psgc_code))
        | Exists(provinces.filter(province__region__psgc_code=psgc_code))
        | (~Exists(regions) & ~Exists(provinces))
    )


def public_entry_row(entry: ServiceCatalogEntry) -> dict[str, Any]:
    """What the public may know of an entry in a list: plain data, safe to cache."""
    return {
        "uid": str(entry.uid),
        "slug": entry.slug,
        # In the active language: the cache keeps one copy per language.
        "title": entry.display_title,
        "summary": entry.display_summary,
        "sector": entry.sector,
        "sector_label": str(entry.get_sector_display()),
        "mao_uid": str(entry.mao.uid),
        "mao_name": entry.mao.name,
        "mao_acronym": entry.mao.acronym,
        "classification": entry.classification,
        "classification_label": str(entry.get_classification_display()),
        "processing_days": entry.processing_ceiling_days,
        "accepting_requests": entry.accepting_requests,
        "coverage": entry.coverage_label,
        "illustrative": entry.is_illustrative,
        "updated_at": entry.updated_at.isoformat(),
    }


def public_entries(*, filters: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Published entries matching the filters, best match first when searching. Cached
    under the catalog version (service_catalog.cache): the entry services bump it."""
    cleaned = public_filters(filters or {})

    def build() -> list[dict[str, Any]]:
        qs = _published().select_related("mao").prefetch_related("coverage_regions", "coverage_provinces")
        if "sector" in cleaned:
            qs = qs.filter(sector=cleaned["sector"])
        if "mao" in cleaned:
            qs = qs.filter(mao__uid=cleaned["mao"])
        if "region" in cleaned:
            qs = qs.filter(_in_region(cleaned["region"]))
        qs = _search(qs, cleaned["q"]) if "q" in cleaned else qs.order_by("mao__name", "title")
        return [public_entry_row(entry) for entry in qs]

    return cached_public("entries", cleaned, build)


def public_filter_options() -> dict[str, list]:
    """Choices for the public filters: sectors, the MAOs with published services, regions."""

    def build() -> dict[str, list]:
        maos = (
            Organization.objects.filter(catalog_entries__status=EntryStatus.PUBLISHED)
            .distinct()
            .order_by("name")
        )
        return {
            "sectors": [(value, str(label)) for value, label in Sector.choices],
            "maos": [(str(mao.uid), mao.name, mao.acronym) for mao in maos],
            "regions": [(region.psgc_code, region.name) for region in Region.objects.order_by("psgc_code")],
        }

    return cached_public("filter-options", {}, build)


def _with_charter(qs: QuerySet[ServiceCatalogEntry]) -> QuerySet[ServiceCatalogEntry]:
    return qs.select_related("mao", "ppa").prefetch_related(
        "requirements", "steps", "coverage_regions", "coverage_provinces"
    )


def public_entry_get(*, key: str) -> ServiceCatalogEntry:
    """A published entry by slug or uid, with its charter; 404 for drafts and archives."""
    qs = _with_charter(_published())
    try:
        return get_object_or_404(qs, uid=uuid.UUID(key))
    except ValueError:
        return get_object_or_404(qs, slug=key)


def public_charter_for_mao(*, mao_uid) -> tuple[Organization, list[ServiceCatalogEntry]]:
    """A MAO and its published entries with their charters (the printable Citizen's Charter)."""
    mao = get_object_or_404(Organization.objects.maos(), uid=mao_uid)
    entries = list(_with_charter(_published().filter(mao=mao)).order_by("title"))
    if not entries:
        raise Http404("This MAO has no published services.")
    return mao, entries


def public_charter_maos() -> list[Organization]:
    return list(
        Organization.objects.filter(catalog_entries__status=EntryStatus.PUBLISHED)
        .annotate(
            service_count=Count("catalog_entries", filter=Q(catalog_entries__status=EntryStatus.PUBLISHED))
        )
        .order_by("name")
    )


def request_municipalities(*, entry: ServiceCatalogEntry) -> QuerySet[Municipality]:
    """Cities and municipalities where the entry is offered, for the request form."""
    qs = Municipality.objects.select_related("province", "region").order_by(
        "region__psgc_code", "province__name", "name"
    )
    regions = [region.pk for region in entry.coverage_regions.all()]
    provinces = [province.pk for province in entry.coverage_provinces.all()]
    if regions or provinces:
        qs = qs.filter(Q(region__in=regions) | Q(province__in=provinces))
    return qs


def public_history(service_request: ServiceRequest) -> list[StatusChange]:
    """History rows the requester may see: status changes and public notes, no internal notes."""
    return [change for change in service_request.history.all() if change.is_public]


def public_request_exists(*, code: str) -> bool:
    return ServiceRequest.objects.filter(tracking_code=code).exists()


def public_request_get(*, code: str) -> ServiceRequest:
    """A request by its tracking code, loaded for the public status page. Unknown: 404."""
    return get_object_or_404(
        ServiceRequest.objects.select_related(
            "service__mao", "barangay__municipality__province", "barangay__municipality__region"
        ).prefetch_related(Prefetch("history", queryset=StatusChange.objects.order_by("created_at", "id"))),
        tracking_code=code,
    )


def request_sla_state(service_request: ServiceRequest, today=None) -> str:
    return sla.sla_state(
        due=service_request.sla_due_on,
        today=today or timezone.localdate(),
        paused=service_request.sla_paused,
        resolved_on=service_request.resolved_on,
    )


def public_request_rows(*, filters: Mapping[str, Any]) -> QuerySet[ServiceRequest]:
    """Requests for Open311's GET requests: filtered, newest first, loaded for serialising."""
    qs = ServiceRequest.objects.select_related(
        "service__mao", "barangay__municipality__province", "barangay__municipality__region"
    ).prefetch_related(Prefetch("history", queryset=StatusChange.objects.order_by("created_at", "id")))
    if filters.get("codes"):
        return qs.filter(tracking_code__in=filters["codes"]).order_by("-created_at")
    if filters.get("service_code"):
        qs = qs.filter(service__slug=filters["service_code"])
    if filters.get("statuses"):
        qs = qs.filter(status__in=filters["statuses"])
    end = filters.get("end") or timezone.now()
    start = filters.get("start") or end - timedelta(days=90)
    return qs.filter(created_at__gte=start, created_at__lte=end).order_by("-created_at")


# --- Staff --------------------------------------------------------------------------------


def entry_list(*, user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[ServiceCatalogEntry]:
    qs = scoped(ServiceCatalogEntry.objects.all(), user, Area.CATALOG, mao_field="mao")
    qs = qs.select_related("mao").annotate(
        open_request_count=Count("requests", filter=Q(requests__status__in=OPEN_STATUSES))
    )
    return EntryFilter(filters or {}, qs.order_by("mao__name", "title")).qs


def entry_get(*, user: User, uid) -> ServiceCatalogEntry:
    return scoped_get(
        _with_charter(ServiceCatalogEntry.objects.all()), user, Area.CATALOG, mao_field="mao", uid=uid
    )


def request_list(*, user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[ServiceRequest]:
    """The triage queue: open requests first, the soonest due first."""
    qs = scoped(ServiceRequest.objects.all(), user, Area.CATALOG, mao_field="service__mao")
    qs = qs.select_related("service__mao", "barangay__municipality__province", "assigned_to").order_by(
        "resolved_on", "sla_due_on", "created_at"
    )
    return RequestFilter(filters or {}, qs, request_user=user).qs


def request_get(*, user: User, uid) -> ServiceRequest:
    qs = ServiceRequest.objects.select_related(
        "service__mao", "barangay__municipality__province", "community", "assigned_to"
    ).prefetch_related(
        Prefetch(
            "history", queryset=StatusChange.objects.select_related("changed_by").order_by("created_at", "id")
        )
    )
    return scoped_get(qs, user, Area.CATALOG, mao_field="service__mao", uid=uid)


def assignable_users(*, service_request: ServiceRequest) -> QuerySet[User]:
    """Active users who may handle the request: OOBC staff and executives, and the focal
    persons of its MAO."""
    from common.models import Role

    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role__in=[Role.OOBC_EXECUTIVE, Role.OOBC_STAFF])
            | Q(role=Role.MAO_FOCAL, organization_id=service_request.service.mao_id)
        )
        .order_by("first_name", "last_name", "username")
    )


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def barangay_nearest(*, latitude, longitude) -> Barangay | None:
    """The barangay of the profiled OBC community nearest to a point (an Open311 lat/long),
    or None when no community lies within NEAREST_COMMUNITY_MAX_KM. One query: communities
    inside a bounding box around the point, then exact distances."""
    lat, lon = float(latitude), float(longitude)
    box = NEAREST_COMMUNITY_MAX_KM / 111.0  # degrees of latitude; longitude widened below
    lon_box = box / max(math.cos(math.radians(lat)), 0.01)
    candidates = Community.objects.filter(
        latitude__range=(lat - box, lat + box), longitude__range=(lon - lon_box, lon + lon_box)
    ).select_related("barangay__municipality")
    best = min(
        ((_distance_km(lat, lon, float(c.latitude), float(c.longitude)), c.barangay) for c in candidates),
        key=lambda pair: pair[0],
        default=None,
    )
    return best[1] if best and best[0] <= NEAREST_COMMUNITY_MAX_KM else None


# --- Service performance (the Citizen's Charter report) ----------------------------------


def charter_entries(*, user: User, mao: Organization) -> list[ServiceCatalogEntry]:
    """A MAO's published and draft services with their charters, as the user may see them."""
    entries = scoped(ServiceCatalogEntry.objects.all(), user, Area.CATALOG, mao_field="mao")
    entries = _with_charter(entries.filter(mao=mao).exclude(status=EntryStatus.ARCHIVED))
    return list(entries.order_by("title"))


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def service_performance(*, mao: Organization, start, end) -> dict[int, dict[str, Any]]:
    """Per service of the MAO (by entry id), for requests submitted between `start` and `end`
    (dates, inclusive): received, answered within and beyond the charter time, still open
    (and how many of those are past it), and the median working days to the final answer
    (paused days excluded, RA 11032's clock): 1 query."""
    today = timezone.localdate()
    figures: dict[int, dict[str, Any]] = {}
    days: dict[int, list[int]] = {}
    rows = (
        ServiceRequest.objects.filter(service__mao=mao, created_at__date__range=(start, end))
        .order_by()
        .values_list("service_id", "created_at", "resolved_on", "sla_due_on", "sla_paused_working_days")
    )
    for service_id, created_at, resolved_on, due_on, paused in rows:
        row = figures.setdefault(
            service_id, {"received": 0, "within_sla": 0, "beyond_sla": 0, "open": 0, "open_overdue": 0}
        )
        row["received"] += 1
        if resolved_on is None:
            row["open"] += 1
            row["open_overdue"] += int(today > due_on)
            continue
        row["within_sla" if resolved_on <= due_on else "beyond_sla"] += 1
        submitted_on = timezone.localtime(created_at).date()
        elapsed = working_days_between(submitted_on, resolved_on) - paused
        days.setdefault(service_id, []).append(max(elapsed, 0))
    for service_id, row in figures.items():
        row["median_working_days"] = _median(days.get(service_id, []))
    return figures


def home_pending(user: User) -> list[PendingItem]:
    """The home page's request work: requests waiting for triage, past the Citizen's Charter
    time, or due within two working days (own MAO's only for a focal person)."""
    if user.role == Role.COMMUNITY_LEADER or not has_access(user, Area.CATALOG, Action.CHANGE):
        return []
    triage = reverse("service_catalog:triage")
    items = []
    overdue = request_list(user=user, filters={"sla": SlaFilter.OVERDUE}).count()
    if overdue:
        items.append(
            PendingItem(
                label=f"{overdue} request{'s' if overdue != 1 else ''} past the Citizen's Charter time",
                url=f"{triage}?sla={SlaFilter.OVERDUE}",
                urgent=True,
            )
        )
    due_soon = request_list(user=user, filters={"sla": SlaFilter.DUE_SOON}).count() - overdue
    if due_soon > 0:
        items.append(
            PendingItem(
                label=f"{due_soon} request{'s' if due_soon != 1 else ''} due within 2 working days",
                url=f"{triage}?sla={SlaFilter.DUE_SOON}",
            )
        )
    new = request_list(user=user, filters={"status": RequestStatus.SUBMITTED}).count()
    if new:
        items.append(
            PendingItem(
                label=f"{new} new request{'s' if new != 1 else ''} to triage",
                url=f"{triage}?status={RequestStatus.SUBMITTED}",
            )
        )
    return items
