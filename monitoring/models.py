"""The register of PPAs (programs, projects and activities) and OBC requests, with their
indicators and progress updates."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.dates import fiscal_year_in_range
from common.models import BaseModel, Community, DataSource, Municipality, Need, Province, Region, Sector
from coordination.models import Organization

MONEY = {"max_digits": 14, "decimal_places": 2}


class EntryCategory(models.TextChoices):
    MAO_PPA = "mao_ppa", _("MAO PPA")
    OOBC_PPA = "oobc_ppa", _("OOBC PPA")
    OBC_REQUEST = "obc_request", _("OBC request")


class EntryKind(models.TextChoices):
    PPA = "ppa", _("Program, project or activity")
    # A GAAB special provision: it earmarks part of its MAO's programme appropriations for a
    # named purpose (or only sets rules). Its amount is not money on top of the programmes.
    SPECIAL_PROVISION = "special_provision", _("Special provision (earmark)")


# The constraints' messages, shown by the admin's form; the PPA service reports the same words
# on the field concerned.
ONLY_SPECIAL_PROVISIONS_EARMARK = _("Only a special provision earmarks an amount.")
SPECIAL_PROVISION_HAS_NO_BUDGET = _(
    "A special provision earmarks money inside its MAO's programmes and has no budget of its own: "
    "record allocations and spending on the programme."
)


class PpaStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    ON_HOLD = "on_hold", _("On hold")
    CANCELLED = "cancelled", _("Cancelled")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    CLARIFICATION = "clarification", _("Needs clarification")
    ENDORSED = "endorsed", _("Endorsed")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DEFERRED = "deferred", _("Deferred")
    DECLINED = "declined", _("Declined")


class FundingSource(models.TextChoices):
    GAAB = "gaab", _("GAAB (General Appropriations Act of the Bangsamoro)")
    SUPPLEMENTAL = "supplemental", _("Supplemental budget")
    SDF = "sdf", _("Special Development Fund")
    TDIF = "tdif", _("Transitional Development Impact Fund")
    ODA = "oda", _("Official development assistance")
    NATIONAL = "national", _("National government programme")
    LOCAL = "local", _("Local government")
    OTHER = "other", _("Other")


class AppropriationClass(models.TextChoices):
    PS = "ps", _("Personnel services")
    MOOE = "mooe", _("Maintenance and other operating expenses")
    CO = "co", _("Capital outlay")
    MIXED = "mixed", _("Mixed or not broken down")


class MonitoringEntryQuerySet(models.QuerySet):
    def ppas(self):
        return self.exclude(category=EntryCategory.OBC_REQUEST)

    def requests(self):
        return self.filter(category=EntryCategory.OBC_REQUEST)

    def with_money(self):
        """Entries that put money on something: a budget, or a special provision's earmark
        (provisions that only set rules have neither)."""
        return self.filter(Q(budget_allocated__gt=0) | Q(earmarked_amount__gt=0))


class MonitoringEntry(BaseModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    category = models.CharField(max_length=12, choices=EntryCategory.choices)
    kind = models.CharField(max_length=20, choices=EntryKind.choices, default=EntryKind.PPA)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    implementing_mao = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="ppas"
    )
    fiscal_year = models.PositiveSmallIntegerField()
    sector = models.CharField(max_length=20, choices=Sector.choices)
    status = models.CharField(max_length=12, choices=PpaStatus.choices, default=PpaStatus.PLANNING)
    request_status = models.CharField(max_length=16, choices=RequestStatus.choices, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    budget_allocated = models.DecimalField(default=0, **MONEY)
    budget_utilized = models.DecimalField(default=0, **MONEY)
    # What a special provision earmarks inside its MAO's programme budgets. Kept apart from
    # budget_allocated so that no sum of budgets counts the same pesos twice.
    earmarked_amount = models.DecimalField(default=0, **MONEY)
    # Utilisation above the allocation is refused unless someone approved it, with a reason.
    over_utilization_approved = models.BooleanField(default=False)
    over_utilization_note = models.CharField(max_length=300, blank=True)
    funding_source = models.CharField(
        max_length=16, choices=FundingSource.choices, default=FundingSource.GAAB
    )
    appropriation_class = models.CharField(max_length=8, choices=AppropriationClass.choices, blank=True)
    beneficiaries_individuals = models.PositiveIntegerField(null=True, blank=True)
    beneficiaries_households = models.PositiveIntegerField(null=True, blank=True)
    coverage_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    coverage_province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    coverage_municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    communities = models.ManyToManyField(Community, blank=True, related_name="ppas")
    needs_addressed = models.ManyToManyField(Need, blank=True, related_name="ppas")
    # An OBC request: who asked, and the PPA that later answers it.
    requesting_community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    answered_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="answers_requests"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    # Date of the latest progress update: the dashboard's data freshness per MAO.
    last_reported_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=12, choices=DataSource.choices, default=DataSource.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MonitoringEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "PPA or OBC request"
        verbose_name_plural = "PPAs and OBC requests"
        ordering = ["-fiscal_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="ppa_progress_0_to_100"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="ppa_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(budget_allocated__gte=0) & Q(budget_utilized__gte=0) & Q(earmarked_amount__gte=0),
                name="ppa_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(kind="special_provision") | Q(earmarked_amount=0),
                name="only_special_provisions_earmark",
                violation_error_message=ONLY_SPECIAL_PROVISIONS_EARMARK,
            ),
            models.CheckConstraint(
                condition=~Q(kind="special_provision") | Q(budget_allocated=0, budget_utilized=0),
                name="special_provision_has_no_budget_of_its_own",
                violation_error_message=SPECIAL_PROVISION_HAS_NO_BUDGET,
            ),
            models.CheckConstraint(
                condition=Q(budget_utilized__lte=F("budget_allocated")) | Q(over_utilization_approved=True),
                name="ppa_utilized_within_allocated_unless_approved",
            ),
            models.CheckConstraint(
                condition=~Q(category="mao_ppa") | Q(implementing_mao__isnull=False),
                name="mao_ppa_has_implementing_mao",
            ),
            models.CheckConstraint(
                condition=(Q(category="obc_request") & ~Q(request_status=""))
                | (~Q(category="obc_request") & Q(request_status="")),
                name="request_status_only_for_obc_requests",
            ),
            models.CheckConstraint(condition=fiscal_year_in_range(), name="ppa_fiscal_year_range"),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "implementing_mao"]),
            models.Index(fields=["fiscal_year", "sector"]),
            models.Index(fields=["status"]),
            models.Index(fields=["category", "fiscal_year"]),
            # Partner sync: keyset pages in (updated_at, uid) order, whole register or one year.
            models.Index(fields=["updated_at", "uid"], name="ppa_sync_order"),
            models.Index(fields=["fiscal_year", "updated_at", "uid"], name="ppa_sync_order_by_year"),
            # The register's default order (newest year, then title): pages of the list, for
            # everyone and for one MAO (a focal person's scope), read off these, never sorted.
            models.Index(fields=["-fiscal_year", "title", "id"], name="ppa_list_order"),
            models.Index(fields=["implementing_mao", "-fiscal_year", "title", "id"], name="ppa_list_by_mao"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def utilization_rate(self) -> float | None:
        if not self.budget_allocated:
            return None
        return float(self.budget_utilized / self.budget_allocated)


class IndicatorKind(models.TextChoices):
    OUTCOME = "outcome", _("Outcome")
    OUTPUT = "output", _("Output")


class IndicatorUnit(models.TextChoices):
    PERCENT = "percent", _("Percent")
    COUNT = "count", _("Count")
    TEXT = "text", _("Described target")


class Indicator(BaseModel):
    entry = models.ForeignKey(MonitoringEntry, on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(max_length=8, choices=IndicatorKind.choices)
    description = models.TextField()
    unit = models.CharField(max_length=8, choices=IndicatorUnit.choices, default=IndicatorUnit.COUNT)
    # The target as the source wrote it ("100%", 10, ""), and as a number when it is one.
    target_text = models.CharField(max_length=120, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    actual_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["entry", "kind", "order"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(unit="percent") | Q(target_value__isnull=True) | Q(target_value__lte=100),
                name="indicator_percent_target_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]


class MonitoringUpdate(BaseModel):
    """A progress report on a PPA."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entry = models.ForeignKey(MonitoringEntry, on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField()
    progress = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    status = models.CharField(max_length=12, choices=PpaStatus.choices)
    budget_utilized = models.DecimalField(null=True, blank=True, **MONEY)
    beneficiaries_reached = models.PositiveIntegerField(null=True, blank=True)
    accomplishments = models.TextField(blank=True)
    challenges = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="update_progress_0_to_100"
            ),
        ]
        indexes = [models.Index(fields=["entry", "-reported_on"])]

    def __str__(self) -> str:
        return f"{self.entry} on {self.reported_on}"
