"""Quarterly coordination meetings: series, the meetings they generate, reminders, pre-meeting
reports and calendar subscriptions.

A meeting itself is a `coordination.StakeholderEngagement` (the core record of meetings);
everything only the automation needs lives here, so the core never imports this app.
"""

import uuid
from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from automation.schedule import rule_description
from common.dates import fiscal_year_validators
from common.models import BaseModel
from coordination.models import EngagementParticipant, Organization, StakeholderEngagement

MONEY = {"max_digits": 14, "decimal_places": 2}
MINUTES_PER_DAY = 24 * 60
DEFAULT_REMINDER_OFFSETS = [7 * MINUTES_PER_DAY, MINUTES_PER_DAY, 60]  # 7 days, 1 day, 1 hour
MAX_REMINDER_OFFSET = 60 * MINUTES_PER_DAY


def default_reminder_offsets() -> list[int]:
    return list(DEFAULT_REMINDER_OFFSETS)


class SeriesScope(models.TextChoices):
    PLENARY = "plenary", _("OCM plenary (all active MAOs)")
    MAO = "mao", _("One MAO")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("1st")
    SECOND = 2, _("2nd")
    THIRD = 3, _("3rd")
    FOURTH = 4, _("4th")
    LAST = 5, _("last")


class Weekday(models.IntegerChoices):
    # date.weekday() numbering; meetings are never planned on a weekend.
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")


class MonthOfQuarter(models.IntegerChoices):
    FIRST = 1, _("1st month")
    SECOND = 2, _("2nd month")
    THIRD = 3, _("3rd month")


DEFAULT_AGENDA = (
    "1. Opening and confirmation of attendance\n"
    "2. Approval of the minutes of the previous meeting\n"
    "3. Status of action items carried over from the previous quarter\n"
    "4. MAO pre-meeting reports: PPAs for OBCs, budget, beneficiaries, accomplishments\n"
    "5. Challenges, overlaps and plans for the coming quarter\n"
    "6. Other matters and closing"
)


class QuarterlyMeetingSeries(BaseModel):
    """The four quarterly meetings of one fiscal year, for the OCM plenary or for one MAO.

    The scheduling rule is stored as fields ("2nd Tuesday of the 2nd month of the quarter,
    09:00 Asia/Manila"), so generation is a pure function of them; `description` says it in words.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    fiscal_year = models.PositiveSmallIntegerField(validators=fiscal_year_validators())
    scope = models.CharField(max_length=8, choices=SeriesScope.choices)
    mao = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_series"
    )
    organizer = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organized_meeting_series",
        help_text=_("The office that convenes the meetings (the OCM or OOBC)."),
    )
    week_of_month = models.PositiveSmallIntegerField(choices=WeekOfMonth.choices, default=WeekOfMonth.SECOND)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.TUESDAY)
    month_of_quarter = models.PositiveSmallIntegerField(
        choices=MonthOfQuarter.choices, default=MonthOfQuarter.SECOND
    )
    start_time = models.TimeField(default=time(9, 0), help_text=_("Asia/Manila"))
    duration_minutes = models.PositiveSmallIntegerField(
        default=180, validators=[MinValueValidator(30), MaxValueValidator(720)]
    )
    venue = models.CharField(max_length=250, blank=True)
    online_link = models.URLField(blank=True)
    default_agenda = models.TextField(blank=True, default=DEFAULT_AGENDA)
    # Minutes before the start; each participant gets one reminder per offset and channel.
    reminder_offsets = models.JSONField(default=default_reminder_offsets)
    # SMS goes through common.sms (console backend unless a gateway is configured): off by default.
    sms_reminders = models.BooleanField(default=False)
    report_deadline_working_days = models.PositiveSmallIntegerField(
        default=3,
        validators=[MaxValueValidator(20)],
        help_text=_("Pre-meeting reports are due this many working days before the meeting."),
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-fiscal_year", "scope", "mao__name"]
        verbose_name_plural = "quarterly meeting series"
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope="plenary") & Q(mao__isnull=True))
                | (Q(scope="mao") & Q(mao__isnull=False)),
                name="series_scope_matches_mao",
            ),
            models.UniqueConstraint(
                fields=["fiscal_year"], condition=Q(scope="plenary"), name="one_plenary_series_per_year"
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "mao"], condition=Q(scope="mao"), name="one_series_per_mao_per_year"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=4), name="series_weekday_is_a_weekday"),
            models.CheckConstraint(
                condition=Q(week_of_month__gte=1, week_of_month__lte=5), name="series_week_of_month_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(month_of_quarter__gte=1, month_of_quarter__lte=3),
                name="series_month_of_quarter_1_to_3",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=30, duration_minutes__lte=720),
                name="series_duration_30_to_720_minutes",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def description(self) -> str:
        return rule_description(self)


class SeriesMeeting(BaseModel):
    """Links a series to the engagement generated for one quarter.

    `generated_fingerprint` is the fingerprint of the engagement as generation last wrote it:
    when the engagement no longer matches, someone edited it and generation leaves it alone.
    A deleted engagement leaves the row with no engagement, so generating again does not
    bring back a meeting someone removed on purpose. `sequence` is the iCalendar SEQUENCE.
    """

    series = models.ForeignKey(QuarterlyMeetingSeries, on_delete=models.CASCADE, related_name="meetings")
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    engagement = models.OneToOneField(
        StakeholderEngagement, null=True, blank=True, on_delete=models.SET_NULL, related_name="series_link"
    )
    generated_fingerprint = models.CharField(max_length=64)
    sequence = models.PositiveIntegerField(default=0)
    calendar_fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["series", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["series", "quarter"], name="one_meeting_per_series_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="series_meeting_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} Q{self.quarter}"


class ReminderChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    IN_APP = "in_app", _("In-app notification")
    SMS = "sms", _("SMS")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ReminderKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled from the series' offsets")
    MANUAL = "manual", _("Sent on request")


class MeetingReminder(BaseModel):
    """One reminder to one participant on one channel, due at a time.

    The sender picks due rows with SELECT ... FOR UPDATE SKIP LOCKED and changes their status
    in the same transaction, so two senders never send the same row twice. Failures wait
    `next_attempt_at` (growing backoff) and give up after a bounded number of attempts.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(
        StakeholderEngagement, on_delete=models.CASCADE, related_name="automation_reminders"
    )
    participant = models.ForeignKey(EngagementParticipant, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=ReminderChannel.choices)
    kind = models.CharField(max_length=10, choices=ReminderKind.choices, default=ReminderKind.SCHEDULED)
    offset_minutes = models.PositiveIntegerField(null=True, blank=True)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    delivery_reference = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "channel", "offset_minutes"],
                condition=Q(kind="scheduled") & ~Q(status="cancelled"),
                name="one_live_reminder_per_participant_channel_offset",
            ),
            models.CheckConstraint(
                condition=Q(kind="manual") | Q(offset_minutes__isnull=False),
                name="scheduled_reminder_has_offset",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="sent_reminder_has_sent_at"
            ),
        ]
        indexes = [
            # The sender's query: pending rows by next attempt time.
            models.Index(
                fields=["next_attempt_at"], condition=Q(status="pending"), name="reminder_pending_due_idx"
            ),
            models.Index(fields=["engagement", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} reminder due {self.due_at:%Y-%m-%d %H:%M}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class PreMeetingReport(BaseModel):
    """A MAO's report before a quarterly meeting, prefilled from its PPAs of the fiscal year
    and submitted by its focal person before the deadline."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(
        StakeholderEngagement, on_delete=models.CASCADE, related_name="pre_meeting_reports"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="pre_meeting_reports"
    )
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    ppa_count = models.PositiveIntegerField(default=0)
    budget_allocated = models.DecimalField(default=0, **MONEY)
    budget_utilized = models.DecimalField(default=0, **MONEY)
    beneficiaries_individuals = models.PositiveIntegerField(default=0)
    beneficiaries_households = models.PositiveIntegerField(default=0)
    # A snapshot of the PPAs the figures come from (uid, title, status, progress, budgets).
    ppas = models.JSONField(default=list, blank=True)
    accomplishments = models.TextField(blank=True)
    challenges = models.TextField(blank=True)
    plans = models.TextField(blank=True)
    prefilled_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "organization"], name="one_report_per_mao_per_meeting"
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="submitted_report_has_submission_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.label}: pre-meeting report"


class FeedKind(models.TextChoices):
    SERIES = "series", _("One meeting series")
    MAO = "mao", _("All meetings of one MAO")


class CalendarFeedToken(BaseModel):
    """A secret, revocable iCalendar subscription URL. Only a SHA-256 hash of the token is
    stored; the feed shows what its owner may see, so a deactivated owner's feed stops."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=FeedKind.choices)
    series = models.ForeignKey(
        QuarterlyMeetingSeries, null=True, blank=True, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    token_hint = models.CharField(max_length=8, help_text=_("The first characters, to tell tokens apart."))
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="series") & Q(series__isnull=False) & Q(organization__isnull=True))
                | (Q(kind="mao") & Q(organization__isnull=False) & Q(series__isnull=True)),
                name="feed_token_names_its_subject",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed {self.token_hint}…"
