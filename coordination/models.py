"""Organizations (MAOs and partners), their focal persons, and stakeholder engagements."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.dates import fiscal_year_in_range
from common.models import BaseModel, Community, DataClassification, Region


class OrganizationKind(models.TextChoices):
    MAO = "mao", _("BARMM ministry, agency or office")
    LGU = "lgu", _("Local government unit")
    NGA = "nga", _("National government agency")
    NGO = "ngo", _("Non-government organization")
    CSO = "cso", _("Civil society organization")
    ACADEME = "academe", _("Academe")
    DEVELOPMENT_PARTNER = "development_partner", _("Development partner")
    OTHER = "other", _("Other")


class OrganizationQuerySet(models.QuerySet):
    def maos(self):
        return self.filter(kind=OrganizationKind.MAO)

    def active(self):
        return self.filter(is_active=True)


class Organization(BaseModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=24, choices=OrganizationKind.choices)
    # Attached agencies point to the ministry or office they are attached to (OOBC -> OCM).
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="attached_agencies"
    )
    mandate = models.TextField(blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=300, blank=True)
    website = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["acronym"], condition=Q(kind="mao"), name="unique_mao_acronym"),
            models.UniqueConstraint(fields=["name", "kind"], name="unique_organization_name_per_kind"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="organization_not_its_own_parent"),
        ]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def label(self) -> str:
        return self.acronym or self.name


class FocalRole(models.TextChoices):
    PRIMARY = "primary", _("Primary")
    ALTERNATE = "alternate", _("Alternate")


class FocalPerson(BaseModel):
    """A MAO's contact for OBC matters. At most one active primary per organization."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="focal_persons")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="focal_roles"
    )
    full_name = models.CharField(max_length=160)
    position = models.CharField(max_length=160, blank=True)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=12, choices=FocalRole.choices, default=FocalRole.PRIMARY)
    is_active = models.BooleanField(default=True)
    active_from = models.DateField()
    active_until = models.DateField(null=True, blank=True)
    # Personal contacts: confidential, never in public or partner responses.
    classification = models.CharField(
        max_length=12, choices=DataClassification.choices, default=DataClassification.CONFIDENTIAL
    )

    class Meta:
        ordering = ["organization__name", "role", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(role="primary", is_active=True),
                name="one_active_primary_focal_person_per_organization",
            ),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_until__gte=F("active_from")),
                name="focal_person_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.organization.label}, {self.get_role_display()})"


class EngagementType(models.TextChoices):
    COORDINATION_MEETING = "coordination_meeting", _("Coordination meeting")
    CONSULTATION = "consultation", _("Consultation")
    DIALOGUE = "dialogue", _("Dialogue")
    FIELD_VISIT = "field_visit", _("Field visit")
    TRAINING = "training", _("Training or workshop")
    OTHER = "other", _("Other")


class EngagementStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SCHEDULED = "scheduled", _("Scheduled")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class MinutesStatus(models.TextChoices):
    NONE = "none", _("No minutes yet")
    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated")
    APPROVED = "approved", _("Approved")


class StakeholderEngagement(BaseModel):
    """A meeting or consultation with MAOs, partners or communities."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=250)
    engagement_type = models.CharField(max_length=24, choices=EngagementType.choices)
    status = models.CharField(
        max_length=12, choices=EngagementStatus.choices, default=EngagementStatus.PLANNED
    )
    planned_start = models.DateTimeField()
    planned_end = models.DateTimeField()
    venue = models.CharField(max_length=250, blank=True)
    online_link = models.URLField(blank=True)
    fiscal_year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    organizer = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="organized_engagements"
    )
    participating_organizations = models.ManyToManyField(Organization, blank=True, related_name="engagements")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.SET_NULL, related_name="engagements"
    )
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    minutes_status = models.CharField(
        max_length=12, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    # Why a cancelled meeting was cancelled: shown on its page, in calendars and to participants.
    cancellation_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-planned_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gt=F("planned_start")), name="engagement_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="engagement_quarter_1_to_4",
            ),
            models.CheckConstraint(condition=fiscal_year_in_range(), name="engagement_fiscal_year_range"),
            models.CheckConstraint(
                condition=~Q(minutes_status="approved") | Q(minutes_approved_at__isnull=False),
                name="approved_minutes_have_approval_time",
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "quarter"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title


class Rsvp(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    ACCEPTED = "accepted", _("Attending")
    TENTATIVE = "tentative", _("Maybe")
    DECLINED = "declined", _("Not attending")


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("Not recorded")
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class EngagementParticipant(BaseModel):
    """Someone invited: a focal person (with their organization) or a named person."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(
        StakeholderEngagement, on_delete=models.CASCADE, related_name="participants"
    )
    focal_person = models.ForeignKey(
        FocalPerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="participations"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="participations"
    )
    name = models.CharField(max_length=160, blank=True)
    email = models.EmailField(blank=True)
    rsvp = models.CharField(max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING)
    attendance = models.CharField(max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN)

    class Meta:
        ordering = ["organization__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "focal_person"],
                condition=Q(focal_person__isnull=False),
                name="focal_person_invited_once_per_engagement",
            ),
            models.CheckConstraint(
                condition=Q(focal_person__isnull=False) | ~Q(name=""), name="participant_is_named"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.focal_person.full_name if self.focal_person_id else self.name


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_ACTION_ITEM_STATUSES = (ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS)


class ActionItem(BaseModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(
        StakeholderEngagement, on_delete=models.CASCADE, related_name="action_items"
    )
    description = models.TextField()
    owner_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="action_items"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN)
    carried_over_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_over_to"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "carried_over_from"],
                condition=Q(carried_over_from__isnull=False),
                name="action_item_carried_once_per_engagement",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_at__isnull=False),
                name="done_action_item_has_completion",
            ),
        ]
        indexes = [models.Index(fields=["owner_organization", "status"])]

    def __str__(self) -> str:
        return self.description[:80]
