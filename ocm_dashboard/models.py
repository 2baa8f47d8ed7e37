"""Beneficiary overlaps found between MAOs, and daily snapshots of the OCM dashboard."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, Community, Municipality, Region, Sector

MONEY = {"max_digits": 14, "decimal_places": 2}


class OverlapLevel(models.TextChoices):
    # DOMAIN.md: the same community; or the same municipality when the PPAs name no community.
    COMMUNITY = "community", _("Community")
    MUNICIPALITY = "municipality", _("City or municipality (no community named)")


class OverlapStatus(models.TextChoices):
    DETECTED = "detected", _("Detected")
    REVIEWED = "reviewed", _("Reviewed")
    CONFIRMED = "confirmed", _("Confirmed duplication")
    FALSE_POSITIVE = "false_positive", _("False positive")
    RESOLVED = "resolved", _("Resolved")


class OverlapSeverity(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


OPEN_STATUSES = (OverlapStatus.DETECTED, OverlapStatus.REVIEWED, OverlapStatus.CONFIRMED)
SEVERITY_ORDER = (OverlapSeverity.HIGH, OverlapSeverity.MEDIUM, OverlapSeverity.LOW)
CLOSED_RANK = len(OPEN_STATUSES) * len(SEVERITY_ORDER)  # 9: false positive, 10: resolved


def queue_rank_expression() -> Case:
    return Case(
        *[
            When(status=status, severity=severity, then=Value(index * len(SEVERITY_ORDER) + order))
            for index, status in enumerate(OPEN_STATUSES)
            for order, severity in enumerate(SEVERITY_ORDER)
        ],
        When(status=OverlapStatus.FALSE_POSITIVE, then=Value(CLOSED_RANK)),
        default=Value(CLOSED_RANK + 1),
    )


class BeneficiaryOverlap(BaseModel):
    """Two or more MAOs fund PPAs of the same sector for the same community in the same year.

    One row per (fiscal year, sector, community), or per (fiscal year, sector, municipality)
    for PPAs that name no community, so detection can run any number of times: it updates
    the figures and keeps the review (ocm_dashboard.services.overlaps)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    fiscal_year = models.PositiveSmallIntegerField()
    sector = models.CharField(max_length=20, choices=Sector.choices)
    level = models.CharField(max_length=12, choices=OverlapLevel.choices, default=OverlapLevel.COMMUNITY)
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="overlaps"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    # Read by (fiscal year, region) only, through the index below: one index fewer to keep
    # up when detection writes tens of thousands of rows.
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", db_index=False)
    # The evidence as of the last detection that changed it.
    mao_count = models.PositiveSmallIntegerField()
    ppa_count = models.PositiveIntegerField()
    combined_budget = models.DecimalField(**MONEY)
    combined_beneficiaries = models.PositiveIntegerField(default=0)
    community_population = models.PositiveIntegerField(null=True, blank=True)
    # [{"uid", "title", "mao_uid", "mao", "budget", "beneficiaries"}, ...] for every PPA involved.
    ppas = models.JSONField(default=list)
    severity = models.CharField(max_length=8, choices=OverlapSeverity.choices)
    # The review workflow.
    status = models.CharField(max_length=16, choices=OverlapStatus.choices, default=OverlapStatus.DETECTED)
    review_notes = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # never looked up by reviewer; users are deactivated, not deleted
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Nothing reads overlaps by creation time (detected_at says when it was found).
    created_at = models.DateTimeField(auto_now_add=True)
    detected_at = models.DateTimeField(help_text="When detection first found it.")
    changed_at = models.DateTimeField(help_text="When detection last found different evidence.")
    # Detection resolves an overlap that no longer holds and restores the earlier status if
    # it comes back, so a reviewer's decision is never lost.
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_automatically = models.BooleanField(default=False)
    resolution_reason = models.CharField(max_length=300, blank=True)
    status_before_resolution = models.CharField(max_length=16, choices=OverlapStatus.choices, blank=True)
    # The queue's order, kept by the database: undecided before reviewed before confirmed,
    # the most severe first within each; dismissed and resolved ones last.
    queue_rank = models.GeneratedField(
        expression=queue_rank_expression(), output_field=models.PositiveSmallIntegerField(), db_persist=True
    )

    class Meta:
        ordering = ["-fiscal_year", "status", "-combined_budget", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "sector", "community"],
                condition=Q(community__isnull=False),
                name="one_overlap_per_year_sector_community",
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "sector", "municipality"],
                condition=Q(community__isnull=True),
                name="one_overlap_per_year_sector_municipality_without_community",
            ),
            models.CheckConstraint(
                condition=(Q(level="community") & Q(community__isnull=False))
                | (Q(level="municipality") & Q(community__isnull=True)),
                name="overlap_level_matches_community",
            ),
            models.CheckConstraint(condition=Q(mao_count__gte=2), name="overlap_has_two_or_more_maos"),
            models.CheckConstraint(
                condition=~Q(status="resolved") | Q(resolved_at__isnull=False),
                name="resolved_overlap_has_resolved_at",
            ),
        ]
        indexes = [
            # The queue reads its first rows straight off this index; the counts by status
            # and severity (per sector or region too) are an index-only scan of the next one,
            # and the data version's latest change per year one step down the last.
            models.Index(
                fields=["fiscal_year", "queue_rank", "-combined_budget", "id"], name="overlap_queue_idx"
            ),
            models.Index(
                fields=["fiscal_year", "status", "severity", "sector", "region"], name="overlap_counts_idx"
            ),
            models.Index(fields=["fiscal_year", "region"]),
            models.Index(fields=["fiscal_year", "updated_at"], name="overlap_changed_idx"),
        ]

    def __str__(self) -> str:
        place = self.community or self.municipality
        return f"{self.get_sector_display()} overlap in {place}, FY{self.fiscal_year}"

    @property
    def is_open(self) -> bool:
        return self.status not in (OverlapStatus.RESOLVED, OverlapStatus.FALSE_POSITIVE)

    @property
    def changed_since_review(self) -> bool:
        return bool(self.reviewed_at and self.changed_at > self.reviewed_at)


class SnapshotTrigger(models.TextChoices):
    SCHEDULED = "scheduled", _("Daily schedule")
    ON_DEMAND = "on_demand", _("On demand")


class OCMDashboardSnapshot(BaseModel):
    """The whole dashboard of one fiscal year, frozen: the page reads the latest one, so it
    costs one query whatever the size of the register."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    fiscal_year = models.PositiveSmallIntegerField()
    taken_at = models.DateTimeField()
    taken_on = models.DateField(help_text="Manila date of taken_at: one scheduled snapshot a day.")
    trigger = models.CharField(max_length=12, choices=SnapshotTrigger.choices)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payload = models.JSONField()
    # What changed since the previous snapshot of the same year (headline figures, per MAO).
    changes = models.JSONField(default=dict)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-taken_at", "-id"]
        get_latest_by = "taken_at"
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "taken_on"],
                condition=Q(trigger="scheduled"),
                name="one_scheduled_snapshot_per_year_and_day",
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "-taken_at"])]

    def __str__(self) -> str:
        return f"FY{self.fiscal_year} dashboard at {self.taken_at:%Y-%m-%d %H:%M}"


class DirtyFiscalYear(models.Model):
    """A fiscal year whose PPAs changed after its latest snapshot. A PPA write marks it
    (through the outbox); `snapshot_dirty_years` re-snapshots it once the changes pause, so
    the page and the CSV show live figures within minutes, not tomorrow's."""

    fiscal_year = models.PositiveSmallIntegerField(unique=True)
    first_dirtied_at = models.DateTimeField()  # bounds the wait while changes keep coming
    dirtied_at = models.DateTimeField()  # the latest change: debounce from here

    def __str__(self) -> str:
        return f"FY{self.fiscal_year} changed at {self.dirtied_at:%Y-%m-%d %H:%M}"
