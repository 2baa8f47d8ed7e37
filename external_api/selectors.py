"""Reads of the partner API: which agreement lets a partner see a dataset, pages of shared
records in a stable keyset order with tombstones, the access log, webhook deliveries."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from common.api.pagination import invalid_cursor, keyset_after, keyset_decode, keyset_encode
from common.errors import ApplicationError
from common.models import DataClassification, Tombstone, TombstoneReason
from coordination.models import Organization
from external_api.datasets import DatasetSpec, FieldSpec, fetch_rows, project
from external_api.models import (
    CLASSIFICATION_RANK,
    AccessLogEntry,
    DataSharingAgreement,
    WebhookDelivery,
    WebhookEndpoint,
)

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 100
# Parameters every list understands; anything else must be one of the dataset's filters.
PAGING_PARAMS = {"cursor", "page_size", "fields", "updated_since", "format"}


# --- Agreements -------------------------------------------------------------------------


def agreement_for(
    organization: Organization | None,
    dataset: str,
    classification: str = DataClassification.PUBLIC,
    *,
    on: dt.date | None = None,
) -> DataSharingAgreement | None:
    """The agreement in force that covers `dataset` at `classification` or above (the one
    covering the most, when several do). One query; nothing cached, so a revocation or an
    expiry stops access on the very next call, tokens already issued included."""
    if organization is None:
        return None
    best = None
    for agreement in DataSharingAgreement.objects.in_force(on).filter(partner=organization):
        if agreement.covers(dataset, classification) and (
            best is None
            or CLASSIFICATION_RANK[DataClassification(agreement.max_classification)]
            > CLASSIFICATION_RANK[DataClassification(best.max_classification)]
        ):
            best = agreement
    return best


def can_share_with(
    organization: Organization | None, dataset: str, classification: str = DataClassification.PUBLIC
) -> bool:
    """The privacy rule of the design: data of `dataset` at `classification` goes to
    `organization` only while an agreement in force covers it. Sensitive data never does."""
    return agreement_for(organization, dataset, classification) is not None


# --- Pages of shared records --------------------------------------------------------------


def cursor_encode(moment: dt.datetime, uid: uuid.UUID | str) -> str:
    return keyset_encode([moment, uid])


def cursor_decode(cursor: str) -> tuple[dt.datetime, uuid.UUID]:
    moment_text, uid_text = keyset_decode(cursor, length=2)
    try:
        moment = parse_datetime(moment_text)
        if moment is None or timezone.is_naive(moment):
            raise ValueError
        return moment, uuid.UUID(uid_text)
    except (ValueError, TypeError, AttributeError) as exc:
        raise invalid_cursor() from exc


def parse_updated_since(value: str, field: str = "updated_since") -> dt.datetime:
    moment = parse_datetime(value.strip().replace(" ", "+"))
    if moment is None:
        try:
            moment = dt.datetime.combine(dt.date.fromisoformat(value.strip()), dt.time.min)
        except ValueError:
            moment = None
    if moment is None:
        raise ApplicationError(
            _("%(field)s must be an ISO-8601 date or time, e.g. 2026-01-31T08:00:00+08:00.")
            % {"field": field},
            field=field,
        )
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def select_fields(spec: DatasetSpec, classification: str, requested: str | None) -> list[FieldSpec]:
    """The fields to send: all the agreement allows, or those asked for with `fields=`."""
    allowed = spec.allowed_fields(classification)
    if not requested:
        return allowed
    by_name = {field.name: field for field in allowed}
    names = [name.strip() for name in requested.split(",") if name.strip()]
    unknown = [name for name in names if name not in spec.field_names()]
    if unknown:
        raise ApplicationError(
            _("Unknown field(s): %(names)s. Fields: %(names2)s.")
            % {"names": ", ".join(unknown), "names2": ", ".join(spec.field_names())},
            field="fields",
        )
    beyond = [name for name in names if name not in by_name]
    if beyond:
        raise ApplicationError(
            _("Your data sharing agreement does not cover: %(names)s.") % {"names": ", ".join(beyond)},
            field="fields",
        )
    # uid and updated_at always come along: a sync cannot work without them.
    chosen = {"uid", "updated_at", *names}
    return [field for field in allowed if field.name in chosen]


@dataclass
class Page:
    results: list[dict]
    next_cursor: str | None
    record_ids: list[str]


def _keyset(queryset: QuerySet, time_field: str, after: tuple[dt.datetime, uuid.UUID] | None) -> QuerySet:
    return keyset_after(queryset, [time_field, "uid"], after)


def filtered_rows(spec: DatasetSpec, classification: str, params: dict[str, str]) -> QuerySet:
    unknown = sorted(set(params) - PAGING_PARAMS - set(spec.filters))
    if unknown:
        known = ", ".join(sorted(set(spec.filters) | {"updated_since"}))
        raise ApplicationError(
            _("Not a filter of %(value)s: %(names)s. Filters: %(known)s.")
            % {"value": spec.dataset.value, "names": ", ".join(unknown), "known": known},
            field=unknown[0],
        )
    queryset = spec.visible(classification)
    for name, apply in spec.filters.items():
        if params.get(name):
            queryset = apply(queryset, params[name])
    return queryset


def page_size_of(value: str | None) -> int:
    if not value:
        return DEFAULT_PAGE_SIZE
    try:
        size = int(value)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise ApplicationError(
            _("page_size must be from 1 to %(MAX_PAGE_SIZE)s.") % {"MAX_PAGE_SIZE": MAX_PAGE_SIZE},
            field="page_size",
        )
    return size


def shared_page(spec: DatasetSpec, classification: str, params: dict[str, str]) -> Page:
    """One page of a dataset in (updated_at, uid) order, as the agreement's classification
    allows. With `updated_since`, records deleted or withdrawn since then come as tombstones
    in the same order, so applying pages in order leaves the partner's copy equal to ours.

    Keyset pages: rows inserted or changed during a sync sort after the cursor (their
    updated_at is newer), so they are neither skipped nor repeated before the sync reaches
    them. Queries: the rows, one per prefetched many-to-many field, and with
    `updated_since` one for tombstones: none depend on the page size."""
    size = page_size_of(params.get("page_size"))
    fields = select_fields(spec, classification, params.get("fields"))
    after = cursor_decode(params["cursor"]) if params.get("cursor") else None
    since = parse_updated_since(params["updated_since"]) if params.get("updated_since") else None
    queryset = filtered_rows(spec, classification, params)
    if since is not None:
        queryset = queryset.filter(updated_at__gte=since)
    rows = fetch_rows(_keyset(queryset, "updated_at", after)[: size + 1], fields)
    items: list[tuple[dt.datetime, uuid.UUID, dict]] = [
        (row.updated_at, row.uid, project(spec, row, fields)) for row in rows
    ]
    if since is not None:
        tombstones = _tombstones_for(spec, classification).filter(removed_at__gte=since)
        for tombstone in _keyset(tombstones, "removed_at", after)[: size + 1]:
            items.append(
                (
                    tombstone.removed_at,
                    tombstone.uid,
                    {
                        "uid": str(tombstone.uid),
                        "deleted": True,
                        "reason": tombstone.reason,
                        "updated_at": tombstone.removed_at.isoformat(),
                    },
                )
            )
        items.sort(key=lambda item: (item[0], item[1]))
    more = len(items) > size
    items = items[:size]
    next_cursor = cursor_encode(items[-1][0], items[-1][1]) if more and items else None
    return Page(
        results=[item[2] for item in items],
        next_cursor=next_cursor,
        record_ids=[str(item[1]) for item in items],
    )


def shared_record(spec: DatasetSpec, classification: str, uid: str, fields_param: str | None):
    """(record, None) when shared; (None, tombstone) when deleted or withdrawn; (None, None)
    when it does not exist or this agreement does not cover it."""
    fields = select_fields(spec, classification, fields_param)
    try:
        key = uuid.UUID(uid)
    except ValueError:
        return None, None
    queryset = spec.visible(classification).filter(uid=key)
    rows = fetch_rows(queryset[:1], fields)
    row = rows[0] if rows else None
    if row is not None:
        return project(spec, row, fields), None
    tombstone = _tombstones_for(spec, classification).filter(uid=key).order_by("-removed_at").first()
    return None, tombstone


def _tombstones_for(spec: DatasetSpec, classification: str) -> QuerySet:
    """The dataset's tombstones as this agreement sees them: every deletion and withdrawal,
    and a record raised beyond the agreement's classification only when the agreement
    covered it before and it is still beyond it (a partner never learns of a record it
    could not have copied)."""
    rank = CLASSIFICATION_RANK[DataClassification(classification)]
    covered = [value for value, r in CLASSIFICATION_RANK.items() if r <= rank]
    return Tombstone.objects.filter(dataset=spec.dataset.value).exclude(
        Q(reason=TombstoneReason.RECLASSIFIED)
        & (~Q(shared_up_to__in=covered) | Q(uid__in=spec.visible(classification).values("uid")))
    )


# --- Access log --------------------------------------------------------------------------


def access_log_filtered(
    *,
    partner: Organization | None = None,
    partner_id: int | None = None,
    client_id: str = "",
    direction: str = "",
    endpoint: str = "",
    status: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[AccessLogEntry]:
    rows = AccessLogEntry.objects.all()
    if partner is not None:
        rows = rows.filter(partner=partner)
    if partner_id:
        rows = rows.filter(partner_id=partner_id)
    if client_id:
        rows = rows.filter(oauth_client_id=client_id)
    if direction:
        rows = rows.filter(direction=direction)
    if endpoint:
        rows = rows.filter(endpoint__icontains=endpoint)
    if status == "ok":
        rows = rows.filter(status_code__lt=400)
    elif status == "error":
        rows = rows.filter(Q(status_code__gte=400) | Q(status_code__isnull=True))
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    if until is not None:
        rows = rows.filter(created_at__lt=until)
    return rows.order_by("-created_at", "-id")


# --- Webhooks ----------------------------------------------------------------------------


def webhook_endpoints_of(client) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(client=client).order_by("created_at")


def webhook_deliveries_of(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("event")
        .prefetch_related("attempts")
        .order_by("-created_at", "-id")
    )
