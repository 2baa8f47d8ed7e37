"""The community participation portal: leader accounts, community requests, ARTA client
satisfaction feedback and digital consultations."""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, Community, DataClassification, DataSource, Region, Sector
from community_portal.storage import private_storage
from coordination.models import Organization
from monitoring.models import MonitoringEntry
from service_catalog.models import ServiceCatalogEntry, ServiceRequest
from service_catalog.validators import reject_html

# --- Accounts --------------------------------------------------------------------------


class CommunityRole(models.TextChoices):
    BARANGAY_OFFICIAL = "barangay_official", _("Barangay official")
    TRADITIONAL_LEADER = "traditional_leader", _("Traditional or elder leader")
    RELIGIOUS_LEADER = "religious_leader", _("Religious leader")
    WOMEN_LEADER = "women_leader", _("Women's group leader")
    YOUTH_LEADER = "youth_leader", _("Youth leader")
    ORGANIZATION_OFFICER = "organization_officer", _("Officer of a community organisation")
    OTHER = "other", _("Other member of the community")


class LeaderStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for OOBC verification")
    VERIFIED = "verified", _("Verified by OOBC")
    REJECTED = "rejected", _("Not verified")
    CLOSED = "closed", _("Account closed")


class LeaderProfile(BaseModel):
    """What a community leader told us when registering, and OOBC's verification of it.

    The account (common.User) holds name, email and phone. `user.community` is set only once
    OOBC staff verify the person: until then they claim `community` but do not speak for it."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leader_profile"
    )
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="leader_profiles")
    community_role = models.CharField(max_length=24, choices=CommunityRole.choices)
    status = models.CharField(max_length=10, choices=LeaderStatus.choices, default=LeaderStatus.PENDING)
    decision_reason = models.CharField(max_length=500, blank=True, validators=[reject_html])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Data Privacy Act 2012: consent is recorded with the version of the notice agreed to.
    privacy_notice_version = models.CharField(max_length=20)
    consent_given_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=12, choices=DataSource.choices, default=DataSource.MANUAL)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(privacy_notice_version=""), name="leader_profile_records_consent"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""), name="leader_rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "closed"]) | Q(decided_at__isnull=False),
                name="leader_decision_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="leader_profile_queue")]

    def __str__(self) -> str:
        return f"{self.user} ({self.community})"

    @property
    def is_verified(self) -> bool:
        return self.status == LeaderStatus.VERIFIED


# --- Requests ----------------------------------------------------------------------------


class RequestKind(models.TextChoices):
    ASSISTANCE = "assistance", _("Assistance for our community")
    PPA = "ppa", _("A program, project or activity for our community")
    CATALOG_SERVICE = "catalog_service", _("A service of the catalog")


class ObcRequestStatus(models.TextChoices):
    """The OBC request vocabulary of the register (monitoring.RequestStatus)."""

    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    CLARIFICATION = "clarification", _("Waiting for information from you")
    ENDORSED = "endorsed", _("Endorsed to a ministry, agency or office")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DEFERRED = "deferred", _("Deferred")
    DECLINED = "declined", _("Declined")


OBC_TRANSITIONS: dict[str, frozenset[str]] = {
    ObcRequestStatus.SUBMITTED: frozenset({"under_review", "declined"}),
    ObcRequestStatus.UNDER_REVIEW: frozenset({"clarification", "endorsed", "deferred", "declined"}),
    ObcRequestStatus.CLARIFICATION: frozenset({"under_review", "endorsed", "declined"}),
    ObcRequestStatus.ENDORSED: frozenset({"approved", "deferred", "declined"}),
    ObcRequestStatus.APPROVED: frozenset({"in_progress"}),
    ObcRequestStatus.IN_PROGRESS: frozenset({"completed"}),
    ObcRequestStatus.DEFERRED: frozenset({"under_review", "declined"}),
    ObcRequestStatus.COMPLETED: frozenset(),
    ObcRequestStatus.DECLINED: frozenset(),
}
OBC_CLOSED_STATUSES = frozenset({ObcRequestStatus.COMPLETED, ObcRequestStatus.DECLINED})


class PortalRequest(BaseModel):
    """A request a community leader files for their community. One tracking code follows it
    across channels: when it names a catalog service it *is* that service request (the
    catalog's code, SLA clock, triage and Open311); otherwise it is an OBC request that OOBC
    staff route to a MAO, recorded in the PPA register as category `obc_request`."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tracking_code = models.CharField(max_length=12, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=RequestKind.choices)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_requests",
    )
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="portal_requests")
    title = models.CharField(max_length=200, validators=[reject_html])
    details = models.TextField(validators=[MaxLengthValidator(2000), reject_html])
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    beneficiaries = models.PositiveIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    service_request = models.OneToOneField(
        ServiceRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="portal_request"
    )
    # OBC requests only: their status, the MAO staff routed them to, and the register row.
    status = models.CharField(max_length=16, choices=ObcRequestStatus.choices, blank=True)
    status_changed_at = models.DateTimeField()
    routed_to = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="portal_requests"
    )
    register_entry = models.OneToOneField(
        MonitoringEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="portal_request"
    )
    # Requests filed without an account (public API): who to tell. Confidential, like the
    # catalog's requester fields; an account's contact lives on the account.
    contact_name = models.CharField(max_length=120, blank=True, validators=[reject_html])
    contact_email = models.EmailField(max_length=254, blank=True)
    contact_phone = models.CharField(max_length=32, blank=True)
    # Catalog requests: the last catalog history row the portal has relayed (in-app notice,
    # private reply link, feedback invitation), so the relay sweep never repeats itself.
    relayed_change_id = models.PositiveBigIntegerField(default=0)
    classification = models.CharField(
        max_length=12, choices=DataClassification.choices, default=DataClassification.CONFIDENTIAL
    )
    source = models.CharField(max_length=12, choices=DataSource.choices, default=DataSource.MANUAL)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="catalog_service") & Q(service_request__isnull=False) & Q(status=""))
                | (~Q(kind="catalog_service") & Q(service_request__isnull=True) & ~Q(status="")),
                name="portal_request_is_catalog_or_obc",
            ),
        ]
        indexes = [models.Index(fields=["community", "created_at"], name="portal_request_community")]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_catalog(self) -> bool:
        return self.kind == RequestKind.CATALOG_SERVICE


class RequestUpdate(BaseModel):
    """The history of an OBC request (catalog requests keep theirs in service_catalog)."""

    request = models.ForeignKey(PortalRequest, on_delete=models.CASCADE, related_name="updates")
    from_status = models.CharField(max_length=16, choices=ObcRequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ObcRequestStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_note = models.TextField(blank=True, validators=[MaxLengthValidator(1000), reject_html])
    internal_note = models.TextField(blank=True, validators=[MaxLengthValidator(2000), reject_html])

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request} → {self.to_status}"


class InformationReply(BaseModel):
    """The requester's answer to "waiting for information from you", sent through the
    private link; it restarts the charter clock."""

    request = models.ForeignKey(PortalRequest, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(validators=[MaxLengthValidator(2000), reject_html])
    classification = models.CharField(
        max_length=12, choices=DataClassification.choices, default=DataClassification.CONFIDENTIAL
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"reply to {self.request}"


class ReplyAttachment(BaseModel):
    """An image or PDF sent with a reply. Stored outside the web root; only staff download it,
    through a view that checks their grant."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reply = models.ForeignKey(InformationReply, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to="portal/replies/%Y/%m/")
    original_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.original_name


# --- Feedback (ARTA harmonized Client Satisfaction Measurement, MC 2022-05) -------------


class FeedbackInvitation(BaseModel):
    """A one-use link inviting the requester to rate a completed request. Only the hash of the
    token is stored, so a database leak gives no working link."""

    token_hash = models.CharField(max_length=64, unique=True)
    request = models.OneToOneField(
        PortalRequest, on_delete=models.CASCADE, related_name="feedback_invitation"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"invitation for {self.request}"


class FeedbackChannel(models.TextChoices):
    INVITATION = "invitation", _("Invitation link")
    PORTAL = "portal", _("Portal")
    API = "api", _("Public API")


SQD_FIELDS = tuple(f"sqd{number}" for number in range(9))


def _rating_field(label):
    # 1 strongly disagree … 5 strongly agree; NULL is "not applicable".
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class PortalFeedback(BaseModel):
    """One ARTA client satisfaction response: CC1–CC3 on the Citizen's Charter, SQD0–SQD8 on
    a five-point scale (empty is N/A) and a comment, on a catalog service or an OBC request."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        ServiceCatalogEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="portal_feedback"
    )
    mao = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="portal_feedback"
    )
    request = models.OneToOneField(
        PortalRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    # Empty when the person chose to stay anonymous (or closed their account).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_feedback",
    )
    anonymous = models.BooleanField(default=False)
    channel = models.CharField(max_length=12, choices=FeedbackChannel.choices)
    fiscal_year = models.PositiveSmallIntegerField()
    cc1 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    cc2 = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    cc3 = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    sqd0 = _rating_field("SQD0")
    sqd1 = _rating_field("SQD1")
    sqd2 = _rating_field("SQD2")
    sqd3 = _rating_field("SQD3")
    sqd4 = _rating_field("SQD4")
    sqd5 = _rating_field("SQD5")
    sqd6 = _rating_field("SQD6")
    sqd7 = _rating_field("SQD7")
    sqd8 = _rating_field("SQD8")
    comment = models.TextField(blank=True, validators=[MaxLengthValidator(1000), reject_html])
    staff_reply = models.TextField(blank=True, validators=[MaxLengthValidator(1000), reject_html])
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=12, choices=DataSource.choices, default=DataSource.MANUAL)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(mao__isnull=False),
                name="feedback_names_service_or_mao",
            ),
            models.CheckConstraint(condition=Q(cc1__gte=1, cc1__lte=4), name="feedback_cc1_1_to_4"),
            models.CheckConstraint(
                condition=Q(cc2__isnull=True) | Q(cc2__gte=1, cc2__lte=5), name="feedback_cc2_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(cc3__isnull=True) | Q(cc3__gte=1, cc3__lte=4), name="feedback_cc3_1_to_4"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
                    name=f"feedback_{field}_1_to_5",
                )
                for field in SQD_FIELDS
            ],
            models.CheckConstraint(
                condition=~Q(anonymous=True) | Q(author__isnull=True), name="anonymous_feedback_has_no_author"
            ),
        ]
        indexes = [
            models.Index(fields=["service", "fiscal_year"], name="feedback_service_year"),
            models.Index(fields=["mao", "fiscal_year"], name="feedback_mao_year"),
        ]

    def __str__(self) -> str:
        return f"feedback {self.uid}"


# --- Digital consultations -------------------------------------------------------------


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class DigitalConsultation(BaseModel):
    """An OOBC consultation with a comment period, after which staff publish what they heard."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200, validators=[reject_html])
    summary = models.CharField(max_length=300, validators=[reject_html])
    body = models.TextField(validators=[MaxLengthValidator(10_000), reject_html])
    status = models.CharField(
        max_length=10, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    regions = models.ManyToManyField(Region, blank=True, related_name="+")
    communities = models.ManyToManyField(Community, blank=True, related_name="consultations")
    # Verified leaders always may comment; this lets anyone with a verified email take part.
    open_to_all_accounts = models.BooleanField(default=False)
    what_we_heard_intro = models.TextField(blank=True, validators=[MaxLengthValidator(5000), reject_html])
    what_we_heard_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=12, choices=DataSource.choices, default=DataSource.MANUAL)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="consultation_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ConsultationQuestion(BaseModel):
    consultation = models.ForeignKey(DigitalConsultation, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300, validators=[reject_html])

    class Meta:
        ordering = ["consultation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "order"], name="one_question_per_position"),
        ]

    def __str__(self) -> str:
        return self.text


class ConsultationDocument(BaseModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consultation = models.ForeignKey(DigitalConsultation, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200, validators=[reject_html])
    file = models.FileField(storage=private_storage, upload_to="portal/consultations/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class WhatWeHeardTheme(BaseModel):
    """One theme of "what we heard": the voices behind it and OOBC's response."""

    consultation = models.ForeignKey(DigitalConsultation, on_delete=models.CASCADE, related_name="themes")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, validators=[reject_html])
    summary = models.TextField(validators=[MaxLengthValidator(3000), reject_html])
    oobc_response = models.TextField(validators=[MaxLengthValidator(3000), reject_html])

    class Meta:
        ordering = ["consultation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "order"], name="one_theme_per_position")
        ]

    def __str__(self) -> str:
        return self.title


class ConsultationComment(BaseModel):
    """A comment in the comment period. Moderation hides it with a reason shown in its place;
    nothing is ever deleted silently."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consultation = models.ForeignKey(DigitalConsultation, on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey(
        ConsultationQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_comments",
    )
    # The community the author spoke for when commenting (kept if the account closes).
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(validators=[MaxLengthValidator(3000), reject_html])
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True, validators=[reject_html])
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    theme = models.ForeignKey(
        WhatWeHeardTheme, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    supporters = models.ManyToManyField(settings.AUTH_USER_MODEL, through="CommentSupport", related_name="+")
    source = models.CharField(max_length=12, choices=DataSource.choices, default=DataSource.MANUAL)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""), name="hidden_comment_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["consultation", "created_at"], name="comment_consultation_time")]

    def __str__(self) -> str:
        return f"comment {self.uid}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class CommentSupport(BaseModel):
    comment = models.ForeignKey(ConsultationComment, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_support_per_person")]
