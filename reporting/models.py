"""Report templates, schedules, generated files and their deliveries.

A `ReportTemplate` is one kind of report (one data builder in `reporting.generators`);
a `ReportSchedule` runs a template for its recipients every period; a `GeneratedReport`
is one file being built or built (queued → running → done / failed, then expired); a
`ReportDelivery` is one recipient told on one channel.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, Community
from coordination.models import Organization


class ReportKind(models.TextChoices):
    MAO_QUARTERLY = "mao_quarterly", _("MAO quarterly accomplishment report")
    OCM_BRIEF = "ocm_brief", _("OCM oversight brief")
    MEETING_PACK = "meeting_pack", _("Quarterly coordination meeting pack")
    CHARTER_PERFORMANCE = "charter_performance", _("Citizen's Charter and service performance")
    COMMUNITY_PROFILE = "community_profile", _("Community profile")


class ReportFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    DOCX = "docx", _("Word document (DOCX)")


class ReportTemplate(BaseModel):
    """A kind of report: its parameters, the formats it comes in, and whether a MAO focal
    person may run it (for their own MAO only; the others read every MAO's data)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=24, choices=ReportKind.choices, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    # Which of fiscal_year, quarter, mao, community the form asks for, and which it requires.
    parameters = models.JSONField(default=list)
    required_parameters = models.JSONField(default=list)
    formats = models.JSONField(default=list)
    # Kinds about one MAO's own data: a focal person may run them, limited to their MAO.
    open_to_mao_focal = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly, N working days after the quarter ends")
    YEARLY = "yearly", _("Yearly, N working days after the fiscal year ends")
    BEFORE_MEETING = "before_meeting", _("N days before each quarterly meeting")


class ReportSchedule(BaseModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=160)
    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="schedules")
    # The fixed parameters (mao, community); fiscal year and quarter come from each period.
    parameters = models.JSONField(default=dict, blank=True)
    mao = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    frequency = models.CharField(max_length=16, choices=Frequency.choices)
    # Working days after the period ends (monthly, quarterly, yearly) or calendar days
    # before the meeting (before_meeting).
    offset_days = models.PositiveSmallIntegerField(default=5)
    formats = models.JSONField(default=list)
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="report_schedules")
    enabled = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Periods start after this day: a new schedule does not produce last year's reports.
    starts_on = models.DateField()
    last_period = models.CharField(max_length=60, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(offset_days__lte=60), name="report_schedule_offset_at_most_60"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class GeneratedReport(BaseModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="reports")
    title = models.CharField(max_length=250)
    # The effective parameters after scoping: {"fiscal_year", "quarter", "mao", "community", ...}.
    parameters = models.JSONField(default=dict)
    # The MAO the report is about (None: every MAO): what row scoping reads.
    mao = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=4, choices=ReportFormat.choices)
    status = models.CharField(max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    schedule = models.ForeignKey(
        ReportSchedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    period = models.CharField(max_length=60, blank=True)
    file = models.FileField(upload_to="reports/", max_length=300, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    # What the figures were built from: the dashboard snapshot (OCM brief) or the data time.
    snapshot_uid = models.UUIDField(null=True, blank=True)
    data_as_of = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    # Written with every progress step: a running report whose heartbeat stops is stale
    # (its worker died) and the sweeper queues it again.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        constraints = [
            # One scheduled run per schedule, period and format: the scheduler may run twice.
            models.UniqueConstraint(
                fields=["schedule", "period", "format"],
                condition=Q(schedule__isnull=False),
                name="one_scheduled_report_per_schedule_period_format",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_at_most_100"),
            models.CheckConstraint(condition=~Q(status="done") | ~Q(file=""), name="done_report_has_a_file"),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""), name="failed_report_has_a_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["requested_by", "-queued_at"]),
            models.Index(fields=["status", "heartbeat_at"]),
            models.Index(fields=["status", "expires_at"]),
            models.Index(fields=["mao", "-queued_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.format})"

    @property
    def is_pending(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    IN_APP = "in_app", _("In-app notification")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class ReportDelivery(BaseModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(GeneratedReport, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=DeliveryChannel.choices)
    status = models.CharField(max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    reference = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Whatever retries or reruns happen, a recipient hears about a report once per channel.
            models.UniqueConstraint(
                fields=["report", "recipient", "channel"], name="one_delivery_per_report_recipient_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} to {self.recipient} by {self.channel}"
