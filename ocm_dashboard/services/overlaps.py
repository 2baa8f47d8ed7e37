"""Beneficiary overlap detection (DOMAIN.md) and its review.

Detection is set-based: one GROUP BY ... HAVING COUNT(DISTINCT implementing MAO) >= 2 built
by the ORM lands in a temporary table, then a fixed number of statements upsert the overlaps
(keyed by fiscal year, sector and community, so a second run changes nothing) and resolve
those that no longer hold. Review fields are never written by detection, so a reviewer's
decision survives every re-run; an overlap resolved by detection that comes back gets its
earlier status again.

Severity (documented in docs/dashboard.md):
  high    3 or more MAOs, or a combined budget of PHP 10 million or more, or more
          beneficiaries claimed than the community's estimated OBC population;
  medium  a combined budget of PHP 1 million or more;
  low     otherwise.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import connections, transaction
from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, JSONObject, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.models import User
from common.permissions import Action, Area, ensure_can
from monitoring.models import EntryCategory, MonitoringEntry, PpaStatus
from ocm_dashboard.models import BeneficiaryOverlap, OverlapLevel, OverlapSeverity, OverlapStatus
from ocm_dashboard.selectors.scope import PpaCommunity, names_a_community
from ocm_dashboard.services.sql import json_array_agg

HIGH_SEVERITY_MAOS = 3
HIGH_SEVERITY_BUDGET = Decimal("10000000")
MEDIUM_SEVERITY_BUDGET = Decimal("1000000")
CANDIDATES = "ocm_dashboard_overlap_candidates"
# pg_advisory_xact_lock(namespace, fiscal year): "OD" (overlap detection) as a number.
LOCK_NAMESPACE = 0x4F44
CANDIDATE_COLUMNS = (
    "community_ref",
    "municipality_ref",
    "region_ref",
    "sector_key",
    "population",
    "mao_count",
    "ppa_count",
    "combined_budget",
    "combined_beneficiaries",
    "ppa_list",
    "severity",
)
EVIDENCE_COLUMNS = (
    ("mao_count", "mao_count"),
    ("ppa_count", "ppa_count"),
    ("combined_budget", "combined_budget"),
    ("combined_beneficiaries", "combined_beneficiaries"),
    ("community_population", "population"),
    ("ppas", "ppa_list"),
    ("severity", "severity"),
)
# A reviewer may set any status, back to "detected" included.
REVIEW_STATUSES = tuple(OverlapStatus)
NOTES_REQUIRED = (OverlapStatus.CONFIRMED, OverlapStatus.FALSE_POSITIVE, OverlapStatus.RESOLVED)


@dataclass(frozen=True)
class DetectionResult:
    fiscal_year: int
    holding: int  # overlaps that hold now
    new: int
    changed: int
    resolved: int  # resolved by this run because they no longer hold
    statements: int


def _eligible_links(fiscal_year: int) -> QuerySet:
    """Links of PPAs (not OBC requests, not cancelled) with an implementing MAO."""
    return PpaCommunity.objects.filter(
        monitoringentry__fiscal_year=fiscal_year, monitoringentry__implementing_mao__isnull=False
    ).exclude(
        Q(monitoringentry__category=EntryCategory.OBC_REQUEST)
        | Q(monitoringentry__status=PpaStatus.CANCELLED)
    )


def _evidence(vendor: str, prefix: str, *, population: bool) -> dict:
    """Aggregates describing one candidate group, severity last."""
    mao = f"{prefix}implementing_mao__"
    # The money each entry puts on the activity: its allocation, or what a special provision
    # earmarks (it has no allocation of its own).
    money = F(f"{prefix}budget_allocated") + F(f"{prefix}earmarked_amount")
    ppa = JSONObject(
        uid=F(f"{prefix}uid"),
        title=F(f"{prefix}title"),
        mao_uid=F(f"{mao}uid"),
        mao=Coalesce(NullIf(F(f"{mao}acronym"), Value("")), F(f"{mao}name")),
        budget=money,
        beneficiaries=F(f"{prefix}beneficiaries_individuals"),
    )
    high = Q(mao_count__gte=HIGH_SEVERITY_MAOS) | Q(combined_budget__gte=HIGH_SEVERITY_BUDGET)
    if population:
        high |= Q(combined_beneficiaries__gt=F("population"))
    return {
        "mao_count": Count(f"{mao}id", distinct=True),
        "ppa_count": Count("id"),
        "combined_budget": Coalesce(Sum(money), Value(Decimal(0))),
        "combined_beneficiaries": Coalesce(Sum(f"{prefix}beneficiaries_individuals"), Value(0)),
        "ppa_list": json_array_agg(vendor, ppa, order_by=(F(f"{mao}name"), F(f"{prefix}title"))),
        "severity": Case(
            When(high, then=Value(OverlapSeverity.HIGH.value)),
            When(combined_budget__gte=MEDIUM_SEVERITY_BUDGET, then=Value(OverlapSeverity.MEDIUM.value)),
            default=Value(OverlapSeverity.LOW.value),
        ),
    }


def community_candidates(fiscal_year: int, vendor: str) -> QuerySet:
    """GROUP BY community, sector HAVING COUNT(DISTINCT MAO) >= 2."""
    return (
        _eligible_links(fiscal_year)
        .values(
            community_ref=F("community_id"),
            municipality_ref=F("community__municipality_id"),
            region_ref=F("community__region_id"),
            sector_key=F("monitoringentry__sector"),
            population=F("community__estimated_obc_population"),
        )
        .annotate(**_evidence(vendor, "monitoringentry__", population=True))
        .filter(mao_count__gte=2)
        .order_by()
    )


def municipality_candidates(fiscal_year: int, vendor: str) -> QuerySet:
    """The same for PPAs that name no community, by the city or municipality they cover."""
    return (
        MonitoringEntry.objects.ppas()
        .exclude(status=PpaStatus.CANCELLED)
        .filter(fiscal_year=fiscal_year, implementing_mao__isnull=False, coverage_municipality__isnull=False)
        .filter(~names_a_community())
        .values(
            municipality_ref=F("coverage_municipality_id"),
            region_ref=F("coverage_municipality__region_id"),
            sector_key=F("sector"),
        )
        .annotate(**_evidence(vendor, "", population=False))
        .filter(mao_count__gte=2)
        .order_by()
    )


class _Statements:
    """Runs SQL on one connection and counts the statements."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.count = 0

    def run(self, sql: str, params=()) -> int:
        self.cursor.execute(sql, params)
        self.count += 1
        return self.cursor.rowcount

    def scalar(self, sql: str, params=()):
        self.run(sql, params)
        return self.cursor.fetchone()[0]

    def create_candidates(self, *levels: tuple[QuerySet, tuple[str, ...]]) -> None:
        """One CREATE TABLE AS over the UNION ALL of every level's grouped query: PostgreSQL
        plans it in parallel (an INSERT ... SELECT would run on one core) and writes the
        temporary table once."""
        selects, params = [], []
        for queryset, columns in levels:
            sql, query_params = queryset.query.get_compiler(connection=self.cursor.db).as_sql()
            names = ", ".join(name if name in columns else f"NULL AS {name}" for name in CANDIDATE_COLUMNS)
            selects.append(f"SELECT {names} FROM ({sql}) grouped")  # noqa: S608 - constant names
            params.extend(query_params)
        self.run(f"CREATE TEMPORARY TABLE {CANDIDATES} AS {' UNION ALL '.join(selects)}", params)


def _insert_sql(vendor: str, table: str, level: OverlapLevel, *, upsert: bool = True) -> str:
    """INSERT the candidates of one level; on conflict refresh the evidence only when it
    changed, and reopen (with the earlier status) an overlap detection had resolved. With
    upsert=False (a year's first run, nothing to conflict with) a plain INSERT."""
    new_uid = "gen_random_uuid()" if vendor == "postgresql" else "lower(hex(randomblob(16)))"
    distinct = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    if level is OverlapLevel.COMMUNITY:
        key, scope = "c.community_ref", "c.community_ref IS NOT NULL"
        target = "(fiscal_year, sector, community_id) WHERE community_id IS NOT NULL"
    else:
        key, scope = "NULL", "c.community_ref IS NULL"
        target = "(fiscal_year, sector, municipality_id) WHERE community_id IS NULL"
    evidence = ", ".join(column for column, _ in EVIDENCE_COLUMNS)
    evidence_values = ", ".join(f"c.{source}" for _, source in EVIDENCE_COLUMNS)
    refresh = ", ".join(f"{column} = excluded.{column}" for column, _ in EVIDENCE_COLUMNS)
    changed = " OR ".join(f"t.{column} {distinct} excluded.{column}" for column, _ in EVIDENCE_COLUMNS)
    reopened = "t.resolved_automatically"
    insert = f"""
        INSERT INTO {table} AS t (
            uid, fiscal_year, sector, level, community_id, municipality_id, region_id, {evidence},
            status, review_notes, detected_at, changed_at, resolved_automatically, resolution_reason,
            status_before_resolution, created_at, updated_at
        )
        SELECT {new_uid}, %(year)s, c.sector_key, '{level.value}', {key}, c.municipality_ref, c.region_ref,
            {evidence_values}, '{OverlapStatus.DETECTED.value}', '', %(now)s, %(now)s, false, '', '',
            %(now)s, %(now)s
        FROM {CANDIDATES} c WHERE {scope}
    """  # noqa: S608 - every interpolated name is a constant of this module
    if not upsert:
        return insert
    return f"""{insert}
        ON CONFLICT {target} DO UPDATE SET
            {refresh}, changed_at = excluded.changed_at, updated_at = excluded.updated_at,
            status = CASE WHEN {reopened}
                THEN COALESCE(NULLIF(t.status_before_resolution, ''), '{OverlapStatus.DETECTED.value}')
                ELSE t.status END,
            resolved_at = CASE WHEN {reopened} THEN NULL ELSE t.resolved_at END,
            resolution_reason = CASE WHEN {reopened} THEN '' ELSE t.resolution_reason END,
            status_before_resolution = CASE WHEN {reopened} THEN '' ELSE t.status_before_resolution END,
            resolved_automatically = false
        WHERE {changed} OR {reopened}
    """  # noqa: S608 - every interpolated name is a constant of this module


def _resolve_sql(table: str, level: OverlapLevel) -> str:
    """Resolve the overlaps of a level that are no longer among the candidates."""
    if level is OverlapLevel.COMMUNITY:
        same = "c.community_ref = t.community_id"
    else:
        same = "c.community_ref IS NULL AND c.municipality_ref = t.municipality_id"
    return f"""
        UPDATE {table} AS t SET
            status_before_resolution = t.status, status = '{OverlapStatus.RESOLVED.value}',
            resolved_at = %(now)s, resolved_automatically = true, resolution_reason = %(reason)s,
            changed_at = %(now)s, updated_at = %(now)s
        WHERE t.fiscal_year = %(year)s AND t.level = '{level.value}'
            AND t.status <> '{OverlapStatus.RESOLVED.value}'
            AND NOT EXISTS (SELECT 1 FROM {CANDIDATES} c WHERE {same} AND c.sector_key = t.sector)
    """  # noqa: S608 - every interpolated name is a constant of this module


def no_longer_holds_reason(now: datetime) -> str:
    return _(
        "No longer detected on %(day)s: fewer than two MAOs now fund PPAs of this sector here in "
        "this fiscal year (a PPA was cancelled, removed, moved or reassigned)."
    ) % {"day": timezone.localdate(now).isoformat()}


@transaction.atomic
def overlaps_detect(*, fiscal_year: int, using: str = "default") -> DetectionResult:
    """Find every overlap of a fiscal year, keep reviews, resolve what no longer holds.
    Idempotent: a second run with unchanged PPAs writes nothing."""
    now = timezone.now()
    connection = connections[using]
    vendor = connection.vendor
    table = connection.ops.quote_name(BeneficiaryOverlap._meta.db_table)
    # Adapted as the ORM would (SQLite stores naive UTC text), so ORM lookups match it.
    stamp = connection.ops.adapt_datetimefield_value(now)
    params = {"year": fiscal_year, "now": stamp, "reason": no_longer_holds_reason(now)}
    municipality_columns = tuple(c for c in CANDIDATE_COLUMNS if c not in ("community_ref", "population"))
    with connection.cursor() as cursor:
        statements = _Statements(cursor)
        if vendor == "postgresql":
            # One detection of a year at a time (the daily task and an on-demand run may
            # meet); the lock ends with the transaction. SQLite has a single writer anyway.
            statements.run("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_NAMESPACE, fiscal_year))
        statements.run(f"DROP TABLE IF EXISTS {CANDIDATES}")
        statements.create_candidates(
            (community_candidates(fiscal_year, vendor), CANDIDATE_COLUMNS),
            (municipality_candidates(fiscal_year, vendor), municipality_columns),
        )
        first_run = not BeneficiaryOverlap.objects.using(using).filter(fiscal_year=fiscal_year).exists()
        if first_run:
            # Nothing to update, keep or resolve: insert every candidate as it is.
            for level in OverlapLevel:
                statements.run(_insert_sql(vendor, table, level, upsert=False), params)
        else:
            # A temporary table has no statistics and no index until given them: without
            # them the anti-join that resolves stale overlaps becomes a nested loop.
            statements.run(f"CREATE INDEX {CANDIDATES}_key ON {CANDIDATES} (community_ref, sector_key)")
            keys = " (community_ref, municipality_ref, sector_key)" if vendor == "postgresql" else ""
            statements.run(f"ANALYZE {CANDIDATES}{keys}")  # the keys only: statistics on JSON cost time
            for level in OverlapLevel:
                statements.run(_insert_sql(vendor, table, level), params)
                statements.run(_resolve_sql(table, level), params)
        holding = statements.scalar(f"SELECT COUNT(*) FROM {CANDIDATES}")  # noqa: S608 - constant
        statements.run(f"DROP TABLE {CANDIDATES}")
    counts = (
        BeneficiaryOverlap.objects.using(using)
        .filter(fiscal_year=fiscal_year)
        .aggregate(
            new=Count("id", filter=Q(detected_at=now)),
            changed=Count("id", filter=Q(changed_at=now) & ~Q(detected_at=now) & ~Q(resolved_at=now)),
            resolved=Count("id", filter=Q(resolved_at=now, resolved_automatically=True)),
        )
    )
    return DetectionResult(
        fiscal_year=fiscal_year, holding=holding, statements=statements.count + 2, **counts
    )


@transaction.atomic
def overlap_review(
    *, overlap: BeneficiaryOverlap, acting_user: User, status: str, notes: str = ""
) -> BeneficiaryOverlap:
    """Record a reviewer's decision. Confirming, dismissing as a false positive or resolving
    needs notes saying why."""
    ensure_can(acting_user, Area.DASHBOARD, Action.CHANGE, message=_("You may not review overlaps."))
    notes = (notes or "").strip()
    if status not in REVIEW_STATUSES:
        raise ApplicationError(_("Choose one of: %s.") % ", ".join(REVIEW_STATUSES), field="status")
    if status in NOTES_REQUIRED and not notes:
        raise ApplicationError(_("Say why: notes are required for this decision."), field="notes")
    overlap = BeneficiaryOverlap.objects.select_for_update().get(pk=overlap.pk)
    if status == overlap.status and not notes:
        # Pressing "Save" on an unchanged form is not a decision: recording it would show
        # "Reviewed by …" for a review that never happened.
        raise ApplicationError(
            _("Nothing was decided: choose a new status or write a note."),
            fields={"status": [_("Choose a new status, or keep this one and write a note.")]},
        )
    now = timezone.now()
    overlap.status = status
    overlap.review_notes = notes
    overlap.reviewed_by = acting_user
    overlap.reviewed_at = now
    overlap.resolved_automatically = False
    overlap.status_before_resolution = ""
    if status == OverlapStatus.RESOLVED:
        overlap.resolved_at = now
        overlap.resolution_reason = notes[:300]
    else:
        overlap.resolved_at = None
        overlap.resolution_reason = ""
    overlap.full_clean()
    overlap.save(
        update_fields=[
            "status",
            "review_notes",
            "reviewed_by",
            "reviewed_at",
            "resolved_at",
            "resolved_automatically",
            "resolution_reason",
            "status_before_resolution",
            "updated_at",
        ]
    )
    return overlap
