"""What each shared dataset shows a partner: its rows, its fields and the classification of
each field, its filters and the OAuth scope it needs. The one place that decides what
leaves through the partner API (ARCHITECTURE.md: "decided by that classification, in one
place"). Sensitive personal information (ethnicity, religion, personal contacts) has no
entry here, so no agreement can ever send it.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.utils.translation import gettext as _

from common.dates import FISCAL_YEAR_MAX, FISCAL_YEAR_MIN
from common.errors import ApplicationError
from common.models import Community, DataClassification, Region, Sector
from coordination.models import Organization, OrganizationKind
from external_api.models import CLASSIFICATION_RANK, Dataset
from monitoring.models import EntryCategory, MonitoringEntry, PpaStatus
from service_catalog.models import EntryStatus, ServiceCatalogEntry

PUBLIC = DataClassification.PUBLIC
INTERNAL = DataClassification.INTERNAL
CONFIDENTIAL = DataClassification.CONFIDENTIAL
PSGC = re.compile(r"^\d{10}$")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    classification: str
    get: Callable[[Any], Any]
    # Loaded only when the field is asked for (one query per page): a Django prefetch, or a
    # function given the page's rows that sets what `get` reads on each (no model per
    # related row, for the fields every sync page carries).
    prefetch: Prefetch | str | Callable[[list], None] | None = None


@dataclass(frozen=True)
class DatasetSpec:
    dataset: Dataset
    scope: str
    model: type[Model]
    base: Callable[[], QuerySet]
    fields: list[FieldSpec]
    filters: dict[str, Callable[[QuerySet, str], QuerySet]] = field(default_factory=dict)
    # Rows that carry their own classification (communities) are shared only up to the agreement's.
    row_classified: bool = False

    def field_names(self) -> list[str]:
        return [spec.name for spec in self.fields]

    def allowed_fields(self, classification: str) -> list[FieldSpec]:
        rank = CLASSIFICATION_RANK[DataClassification(classification)]
        return [spec for spec in self.fields if CLASSIFICATION_RANK[spec.classification] <= rank]

    def visible(self, classification: str) -> QuerySet:
        queryset = self.base()
        if self.row_classified:
            rank = CLASSIFICATION_RANK[DataClassification(classification)]
            queryset = queryset.filter(
                classification__in=[value for value, r in CLASSIFICATION_RANK.items() if r <= rank]
            )
        return queryset


# --- Filter parsing: every bad value is a 400 naming the parameter ----------------------


def _int(name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise ApplicationError(
            _("%(name)s must be a whole number from %(low)s to %(high)s.")
            % {"name": name, "low": low, "high": high},
            field=name,
        )
    return number


def _psgc(name: str, value: str) -> str:
    if not PSGC.match(value):
        raise ApplicationError(_("%(name)s must be a 10-digit PSGC code.") % {"name": name}, field=name)
    return value


def _choice(name: str, value: str, choices: list[str]) -> str:
    if value not in choices:
        raise ApplicationError(
            _("%(name)s must be one of: %(names)s.") % {"name": name, "names": ", ".join(choices)}, field=name
        )
    return value


def _mao(queryset: QuerySet, value: str, path: str) -> QuerySet:
    """A MAO by its uid or its acronym."""
    try:
        return queryset.filter(**{f"{path}__uid": uuid.UUID(value)})
    except ValueError:
        return queryset.filter(**{f"{path}__acronym__iexact": value, f"{path}__kind": OrganizationKind.MAO})


def _iso_date(value) -> str | None:
    return value.isoformat() if value is not None else None


def _money(value) -> str:
    return f"{value:.2f}"


def _code(geo) -> str | None:
    return geo.psgc_code if geo is not None else None


def _uid(row) -> str | None:
    return str(row.uid) if row is not None else None


# --- PPAs --------------------------------------------------------------------------------


# A PPA names its MAO and places by public identifiers only: loading whole MAO and place
# rows (timestamps and all) for each row of a page of 500 cost more than the PPAs themselves.
PPA_RELATED_SHOWN = (
    "implementing_mao__uid",
    "implementing_mao__acronym",
    "coverage_region__psgc_code",
    "coverage_province__psgc_code",
    "coverage_municipality__psgc_code",
)


def _ppa_base() -> QuerySet:
    own = [field.name for field in MonitoringEntry._meta.concrete_fields]
    return (
        MonitoringEntry.objects.exclude(category=EntryCategory.OBC_REQUEST)
        .select_related("implementing_mao", "coverage_region", "coverage_province", "coverage_municipality")
        .only(*own, *PPA_RELATED_SHOWN)
    )


def _attach_community_uids(rows: list) -> None:
    """Each PPA's community uids (by community name), read as (PPA, uid) pairs in one query."""
    links = (
        MonitoringEntry.communities.through.objects.filter(monitoringentry_id__in=[row.pk for row in rows])
        .order_by("community__name", "community_id")
        .values_list("monitoringentry_id", "community__uid")
    )
    by_ppa = defaultdict(list)
    for ppa_id, uid in links:
        by_ppa[ppa_id].append(str(uid))
    for row in rows:
        row.community_uids = by_ppa[row.pk]


PPAS = DatasetSpec(
    dataset=Dataset.PPAS,
    scope="ppas:read",
    model=MonitoringEntry,
    base=_ppa_base,
    fields=[
        FieldSpec("uid", PUBLIC, lambda row: str(row.uid)),
        FieldSpec("title", PUBLIC, lambda row: row.title),
        FieldSpec("description", PUBLIC, lambda row: row.description),
        FieldSpec("category", PUBLIC, lambda row: row.category),
        FieldSpec("kind", PUBLIC, lambda row: row.kind),
        FieldSpec("fiscal_year", PUBLIC, lambda row: row.fiscal_year),
        FieldSpec("sector", PUBLIC, lambda row: row.sector),
        FieldSpec("status", PUBLIC, lambda row: row.status),
        FieldSpec("implementing_mao", PUBLIC, lambda row: _uid(row.implementing_mao)),
        FieldSpec(
            "implementing_mao_acronym",
            PUBLIC,
            lambda row: row.implementing_mao.acronym if row.implementing_mao else None,
        ),
        FieldSpec("funding_source", PUBLIC, lambda row: row.funding_source),
        FieldSpec("appropriation_class", PUBLIC, lambda row: row.appropriation_class),
        FieldSpec("budget_allocated", PUBLIC, lambda row: _money(row.budget_allocated)),
        FieldSpec("earmarked_amount", PUBLIC, lambda row: _money(row.earmarked_amount)),
        FieldSpec("region_psgc", PUBLIC, lambda row: _code(row.coverage_region)),
        FieldSpec("province_psgc", PUBLIC, lambda row: _code(row.coverage_province)),
        FieldSpec("municipality_psgc", PUBLIC, lambda row: _code(row.coverage_municipality)),
        FieldSpec("start_date", PUBLIC, lambda row: _iso_date(row.start_date)),
        FieldSpec("end_date", PUBLIC, lambda row: _iso_date(row.end_date)),
        FieldSpec("updated_at", PUBLIC, lambda row: row.updated_at.isoformat()),
        FieldSpec("progress", INTERNAL, lambda row: row.progress),
        FieldSpec("budget_utilized", INTERNAL, lambda row: _money(row.budget_utilized)),
        FieldSpec("beneficiaries_individuals", INTERNAL, lambda row: row.beneficiaries_individuals),
        FieldSpec("beneficiaries_households", INTERNAL, lambda row: row.beneficiaries_households),
        FieldSpec("last_reported_on", INTERNAL, lambda row: _iso_date(row.last_reported_on)),
        FieldSpec(
            "communities",
            INTERNAL,
            lambda row: row.community_uids,
            prefetch=_attach_community_uids,
        ),
        FieldSpec("over_utilization_note", CONFIDENTIAL, lambda row: row.over_utilization_note),
    ],
    filters={
        "fiscal_year": lambda qs, v: qs.filter(
            fiscal_year=_int("fiscal_year", v, FISCAL_YEAR_MIN, FISCAL_YEAR_MAX)
        ),
        "mao": lambda qs, v: _mao(qs, v, "implementing_mao"),
        "sector": lambda qs, v: qs.filter(sector=_choice("sector", v, Sector.values)),
        "status": lambda qs, v: qs.filter(status=_choice("status", v, PpaStatus.values)),
        "region": lambda qs, v: qs.filter(coverage_region__psgc_code=_psgc("region", v)),
        "province": lambda qs, v: qs.filter(coverage_province__psgc_code=_psgc("province", v)),
        "municipality": lambda qs, v: qs.filter(coverage_municipality__psgc_code=_psgc("municipality", v)),
    },
)

# --- Communities -------------------------------------------------------------------------

ACCESS_FIELDS = ("road_access", "water_access", "electricity_access", "health_access", "education_access")

COMMUNITIES = DatasetSpec(
    dataset=Dataset.COMMUNITIES,
    scope="communities:read",
    model=Community,
    base=lambda: Community.objects.select_related("barangay", "municipality", "province", "region"),
    row_classified=True,
    fields=[
        FieldSpec("uid", PUBLIC, lambda row: str(row.uid)),
        FieldSpec("name", PUBLIC, lambda row: row.name),
        FieldSpec("barangay_psgc", PUBLIC, lambda row: row.barangay.psgc_code),
        FieldSpec("municipality_psgc", PUBLIC, lambda row: row.municipality.psgc_code),
        FieldSpec("province_psgc", PUBLIC, lambda row: _code(row.province)),
        FieldSpec("region_psgc", PUBLIC, lambda row: row.region.psgc_code),
        FieldSpec("updated_at", PUBLIC, lambda row: row.updated_at.isoformat()),
        FieldSpec("classification", PUBLIC, lambda row: row.classification),
        FieldSpec("other_names", INTERNAL, lambda row: row.other_names),
        FieldSpec("estimated_obc_population", INTERNAL, lambda row: row.estimated_obc_population),
        FieldSpec("households", INTERNAL, lambda row: row.households),
        FieldSpec("poverty_band", INTERNAL, lambda row: row.poverty_band),
        *[FieldSpec(name, INTERNAL, lambda row, name=name: getattr(row, name)) for name in ACCESS_FIELDS],
        # Exact locations of small communities: only under a confidential-level agreement.
        FieldSpec("latitude", CONFIDENTIAL, lambda row: None if row.latitude is None else str(row.latitude)),
        FieldSpec(
            "longitude", CONFIDENTIAL, lambda row: None if row.longitude is None else str(row.longitude)
        ),
        # ethnolinguistic_group is sensitive personal information (RA 10173): never listed here.
    ],
    filters={
        "region": lambda qs, v: qs.filter(region__psgc_code=_psgc("region", v)),
        "province": lambda qs, v: qs.filter(province__psgc_code=_psgc("province", v)),
        "municipality": lambda qs, v: qs.filter(municipality__psgc_code=_psgc("municipality", v)),
    },
)

# --- Organizations (MAOs) ------------------------------------------------------------------

ORGANIZATIONS = DatasetSpec(
    dataset=Dataset.ORGANIZATIONS,
    scope="organizations:read",
    model=Organization,
    base=lambda: Organization.objects.filter(kind=OrganizationKind.MAO).select_related("parent", "region"),
    fields=[
        FieldSpec("uid", PUBLIC, lambda row: str(row.uid)),
        FieldSpec("name", PUBLIC, lambda row: row.name),
        FieldSpec("acronym", PUBLIC, lambda row: row.acronym),
        FieldSpec("kind", PUBLIC, lambda row: row.kind),
        FieldSpec("parent", PUBLIC, lambda row: _uid(row.parent)),
        FieldSpec("region_psgc", PUBLIC, lambda row: _code(row.region)),
        FieldSpec("website", PUBLIC, lambda row: row.website),
        FieldSpec("is_active", PUBLIC, lambda row: row.is_active),
        FieldSpec("updated_at", PUBLIC, lambda row: row.updated_at.isoformat()),
        FieldSpec("mandate", INTERNAL, lambda row: row.mandate),
        FieldSpec("email", INTERNAL, lambda row: row.email),
        FieldSpec("phone", INTERNAL, lambda row: row.phone),
        FieldSpec("address", INTERNAL, lambda row: row.address),
    ],
    filters={
        "region": lambda qs, v: qs.filter(region__psgc_code=_psgc("region", v)),
    },
)

# --- Published catalog services ------------------------------------------------------------


def _codes(rows) -> list[str]:
    return sorted(row.psgc_code for row in rows.all())


SERVICES = DatasetSpec(
    dataset=Dataset.SERVICES,
    scope="catalog:read",
    model=ServiceCatalogEntry,
    base=lambda: ServiceCatalogEntry.objects.filter(status=EntryStatus.PUBLISHED).select_related(
        "mao", "ppa"
    ),
    fields=[
        FieldSpec("uid", PUBLIC, lambda row: str(row.uid)),
        FieldSpec("slug", PUBLIC, lambda row: row.slug),
        FieldSpec("title", PUBLIC, lambda row: row.title),
        FieldSpec("summary", PUBLIC, lambda row: row.summary),
        FieldSpec("description", PUBLIC, lambda row: row.description),
        FieldSpec("sector", PUBLIC, lambda row: row.sector),
        FieldSpec("mao", PUBLIC, lambda row: str(row.mao.uid)),
        FieldSpec("mao_acronym", PUBLIC, lambda row: row.mao.acronym),
        FieldSpec("classification", PUBLIC, lambda row: row.classification),
        FieldSpec("who_may_avail", PUBLIC, lambda row: row.who_may_avail),
        FieldSpec("eligibility_criteria", PUBLIC, lambda row: row.eligibility_criteria),
        FieldSpec("fees_note", PUBLIC, lambda row: row.fees_note),
        FieldSpec("accepting_requests", PUBLIC, lambda row: row.accepting_requests),
        FieldSpec(
            "coverage_regions",
            PUBLIC,
            lambda row: _codes(row.coverage_regions),
            prefetch=Prefetch("coverage_regions", queryset=Region.objects.only("psgc_code")),
        ),
        FieldSpec(
            "coverage_provinces", PUBLIC, lambda row: _codes(row.coverage_provinces), "coverage_provinces"
        ),
        FieldSpec("contact_office", PUBLIC, lambda row: row.contact_office),
        FieldSpec("contact_email", PUBLIC, lambda row: row.contact_email),
        FieldSpec("contact_phone", PUBLIC, lambda row: row.contact_phone),
        FieldSpec(
            "published_at", PUBLIC, lambda row: row.published_at.isoformat() if row.published_at else None
        ),
        FieldSpec("updated_at", PUBLIC, lambda row: row.updated_at.isoformat()),
        FieldSpec("slots", INTERNAL, lambda row: row.slots),
        FieldSpec("ppa", INTERNAL, lambda row: _uid(row.ppa)),
    ],
    filters={
        "mao": lambda qs, v: _mao(qs, v, "mao"),
        "sector": lambda qs, v: qs.filter(sector=_choice("sector", v, Sector.values)),
        "region": lambda qs, v: qs.filter(coverage_regions__psgc_code=_psgc("region", v)).distinct(),
        "province": lambda qs, v: qs.filter(coverage_provinces__psgc_code=_psgc("province", v)).distinct(),
    },
)

DATASETS: dict[str, DatasetSpec] = {
    spec.dataset.value: spec for spec in (PPAS, COMMUNITIES, ORGANIZATIONS, SERVICES)
}


def fetch_rows(queryset: QuerySet, fields: list[FieldSpec]) -> list:
    """The rows of `queryset` with what `fields` read beyond their own columns loaded: one
    query per prefetching field, whatever the number of rows."""
    lookups = [field.prefetch for field in fields if field.prefetch and not callable(field.prefetch)]
    rows = list(queryset.prefetch_related(*lookups)) if lookups else list(queryset)
    for field_spec in fields:
        if callable(field_spec.prefetch) and rows:
            field_spec.prefetch(rows)
    return rows


def project(spec: DatasetSpec, row, fields: list[FieldSpec]) -> dict:
    return {field_spec.name: field_spec.get(row) for field_spec in fields}
