"""The public service catalog: each MAO's services with their Citizen's Charter (RA 11032),
and the service requests communities file against them."""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.models import (
    Barangay,
    BaseModel,
    Community,
    DataClassification,
    DataSource,
    Province,
    Region,
    Sector,
)
from coordination.models import Organization
from monitoring.models import MonitoringEntry
from service_catalog.validators import reject_html

MONEY = {"max_digits": 14, "decimal_places": 2}


def localized(english: str, filipino: str) -> str:
    """The Filipino text on Filipino pages when there is one, else the English."""
    return filipino if filipino and get_language() == "fil" else english


WORKING_DAY_MINUTES = 8 * 60  # a government working day: 8 hours


class Classification(models.TextChoices):
    """RA 11032 transaction classes and their processing ceilings ("3-7-20")."""

    SIMPLE = "simple", _("Simple (up to 3 working days)")
    COMPLEX = "complex", _("Complex (up to 7 working days)")
    HIGHLY_TECHNICAL = "highly_technical", _("Highly technical (up to 20 working days)")


PROCESSING_CEILING_DAYS = {
    Classification.SIMPLE: 3,
    Classification.COMPLEX: 7,
    Classification.HIGHLY_TECHNICAL: 20,
}


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class ServiceCatalogEntry(BaseModel):
    """One service of a MAO, as the public sees it, with its Citizen's Charter."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mao = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="catalog_entries")
    # The PPA that funds the service, when there is one.
    ppa = models.ForeignKey(
        MonitoringEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="catalog_entries"
    )
    title = models.CharField(max_length=200, validators=[reject_html])
    # Filipino title and summary, shown on Filipino pages (English when empty); keywords are
    # extra search words in each language ("rice, seeds" / "bigas, binhi").
    title_fil = models.CharField(_("title in Filipino"), max_length=200, blank=True, validators=[reject_html])
    # Stable once created: it is the public URL and the Open311 service_code.
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.CharField(max_length=300, validators=[reject_html])
    summary_fil = models.CharField(
        _("summary in Filipino"), max_length=300, blank=True, validators=[reject_html]
    )
    keywords = models.CharField(
        _("search words"),
        max_length=300,
        blank=True,
        validators=[reject_html],
        help_text=_("Other words people may search with, separated by commas."),
    )
    keywords_fil = models.CharField(
        _("search words in Filipino"),
        max_length=300,
        blank=True,
        validators=[reject_html],
        help_text=_("Filipino words people may search with, separated by commas (e.g. bigas, binhi)."),
    )
    description = models.TextField(blank=True, validators=[MaxLengthValidator(5000), reject_html])
    sector = models.CharField(max_length=20, choices=Sector.choices)
    who_may_avail = models.TextField(validators=[MaxLengthValidator(1000), reject_html])
    eligibility_criteria = models.TextField(blank=True, validators=[MaxLengthValidator(2000), reject_html])
    # Empty coverage means every OBC region OOBC serves (IX, X, XI, XII).
    coverage_regions = models.ManyToManyField(Region, blank=True, related_name="+")
    coverage_provinces = models.ManyToManyField(Province, blank=True, related_name="+")
    classification = models.CharField(max_length=20, choices=Classification.choices)
    fees_note = models.CharField(
        max_length=300, blank=True, validators=[reject_html], help_text=_("For example: No fees.")
    )
    complaint_procedure = models.TextField(blank=True, validators=[MaxLengthValidator(2000), reject_html])
    slots = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("How many requests can be served this year; empty if not limited.")
    )
    accepting_requests = models.BooleanField(default=True)
    contact_office = models.CharField(max_length=300, validators=[reject_html])
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True, validators=[reject_html])
    status = models.CharField(max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=12, choices=DataSource.choices, default=DataSource.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "service catalog entry"
        verbose_name_plural = "service catalog entries"
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | ~Q(eligibility_criteria=""),
                name="published_requires_eligibility",
            ),
            models.CheckConstraint(
                condition=Q(classification__in=Classification.values), name="entry_classification_known"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "sector"], name="catalog_entry_status_sector"),
            models.Index(fields=["mao", "status"], name="catalog_entry_mao_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title in the active language (Filipino when it has one)."""
        return localized(self.title, self.title_fil)

    @property
    def display_summary(self) -> str:
        return localized(self.summary, self.summary_fil)

    @property
    def processing_ceiling_days(self) -> int:
        return PROCESSING_CEILING_DAYS[Classification(self.classification)]

    @property
    def is_public(self) -> bool:
        return self.status == EntryStatus.PUBLISHED

    @property
    def is_illustrative(self) -> bool:
        return self.source == DataSource.SYNTHETIC

    @property
    def coverage_label(self) -> str:
        """Where the service is offered (prefetch the coverage to list entries)."""
        names = [_("Region %(name)s") % {"name": region.short_name} for region in self.coverage_regions.all()]
        names += [province.name for province in self.coverage_provinces.all()]
        return ", ".join(str(name) for name in names) or str(_("All OBC regions (IX, X, XI and XII)"))


class CharterRequirement(BaseModel):
    """A document the client brings, and where to secure it."""

    entry = models.ForeignKey(ServiceCatalogEntry, on_delete=models.CASCADE, related_name="requirements")
    order = models.PositiveSmallIntegerField()
    requirement = models.CharField(max_length=300, validators=[reject_html])
    where_to_secure = models.CharField(max_length=300, validators=[reject_html])

    class Meta:
        ordering = ["entry", "order"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "order"], name="one_requirement_per_position"),
        ]

    def __str__(self) -> str:
        return self.requirement


class CharterStep(BaseModel):
    """One step of the charter: what the client does, what the office does, the fee, the time
    it takes and the office responsible."""

    entry = models.ForeignKey(ServiceCatalogEntry, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    client_action = models.CharField(max_length=300, validators=[reject_html])
    agency_action = models.CharField(max_length=300, validators=[reject_html])
    fee = models.DecimalField(default=0, validators=[MinValueValidator(0)], **MONEY)
    # Working minutes (a working day is 480), so the total can be checked against the ceiling.
    duration_minutes = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    responsible_office = models.CharField(max_length=200, validators=[reject_html])

    class Meta:
        ordering = ["entry", "order"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "order"], name="one_step_per_position"),
            models.CheckConstraint(condition=Q(fee__gte=0), name="charter_step_fee_not_negative"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=1), name="charter_step_takes_time"),
        ]

    def __str__(self) -> str:
        return self.client_action


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    NEEDS_INFO = "needs_info", _("Waiting for information from you")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
    IN_PROGRESS = "in_progress", _("Being delivered")
    FULFILLED = "fulfilled", _("Delivered")
    CLOSED = "closed", _("Closed")


# The status machine; services refuse every other move.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.SUBMITTED: frozenset({RequestStatus.UNDER_REVIEW, RequestStatus.REJECTED}),
    RequestStatus.UNDER_REVIEW: frozenset(
        {RequestStatus.NEEDS_INFO, RequestStatus.APPROVED, RequestStatus.REJECTED}
    ),
    RequestStatus.NEEDS_INFO: frozenset(
        {RequestStatus.UNDER_REVIEW, RequestStatus.APPROVED, RequestStatus.REJECTED}
    ),
    RequestStatus.APPROVED: frozenset({RequestStatus.IN_PROGRESS}),
    RequestStatus.REJECTED: frozenset({RequestStatus.CLOSED}),
    RequestStatus.IN_PROGRESS: frozenset({RequestStatus.FULFILLED}),
    RequestStatus.FULFILLED: frozenset({RequestStatus.CLOSED}),
    RequestStatus.CLOSED: frozenset(),
}
# The charter clock runs until the request has its final answer.
SLA_RUNNING_STATUSES = frozenset(
    {RequestStatus.SUBMITTED, RequestStatus.UNDER_REVIEW, RequestStatus.APPROVED, RequestStatus.IN_PROGRESS}
)
OPEN_STATUSES = SLA_RUNNING_STATUSES | {RequestStatus.NEEDS_INFO}


class RequestChannel(models.TextChoices):
    WEB = "web", _("Public web form")
    API = "api", _("Public API")
    OPEN311 = "open311", _("Open311")


class Placement(models.TextChoices):
    CHOSEN = "chosen", _("Chosen by the requester")
    NEAREST = "nearest", _("Nearest profiled community to the point given")
    STAFF = "staff", _("Placed by staff")
    PENDING = "pending", _("Waiting for staff to place it")


phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{5,30}$", _("Enter a phone number of digits, spaces, dashes or brackets.")
)


class ServiceRequest(BaseModel):
    """A request for a catalog service. Who asked is confidential; the rest is public by its
    tracking code."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(ServiceCatalogEntry, on_delete=models.PROTECT, related_name="requests")
    tracking_code = models.CharField(max_length=12, unique=True, editable=False)
    # Open311 makes the name optional (the web form and public API still ask for it).
    requester_name = models.CharField(max_length=120, blank=True, validators=[reject_html])
    requester_email = models.EmailField(max_length=254, blank=True)
    requester_phone = models.CharField(max_length=32, blank=True, validators=[phone_validator])
    # Personal contact data under the Data Privacy Act 2012: never in public responses.
    classification = models.CharField(
        max_length=12, choices=DataClassification.choices, default=DataClassification.CONFIDENTIAL
    )
    # Empty until staff place it when a request came with only an address (Open311
    # address_string) or a point far from every profiled community.
    barangay = models.ForeignKey(Barangay, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Where an Open311 client said the request is (WGS84), kept as sent.
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    placement = models.CharField(
        max_length=12,
        choices=Placement.choices,
        default=Placement.CHOSEN,
        help_text=_("How the barangay was set."),
    )
    # The language the requester used: every message to them is written in it.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    # The OBC community of that barangay, when OOBC has profiled one.
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.SET_NULL, related_name="service_requests"
    )
    location_details = models.CharField(
        max_length=200, blank=True, validators=[reject_html], help_text=_("Sitio, purok or landmark.")
    )
    details = models.TextField(blank=True, validators=[MaxLengthValidator(2000), reject_html])
    beneficiaries = models.PositiveIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    privacy_notice_version = models.CharField(max_length=20)
    consent_given_at = models.DateTimeField()
    channel = models.CharField(max_length=10, choices=RequestChannel.choices, default=RequestChannel.WEB)
    status = models.CharField(max_length=14, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED)
    status_changed_at = models.DateTimeField()
    # Citizen's Charter clock, in working days from the submission date. While the request
    # waits for the requester (needs_info) it is paused: paused days push the due date out.
    sla_working_days = models.PositiveSmallIntegerField()
    sla_paused_working_days = models.PositiveSmallIntegerField(default=0)
    sla_paused_on = models.DateField(null=True, blank=True)
    sla_due_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=12, choices=DataSource.choices, default=DataSource.MANUAL)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester_email="") | ~Q(requester_phone=""), name="service_request_has_contact"
            ),
            models.CheckConstraint(
                condition=~Q(privacy_notice_version=""), name="service_request_records_consent"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="service_request_status_known"
            ),
            models.CheckConstraint(
                condition=Q(beneficiaries__gte=1, beneficiaries__lte=100_000),
                name="service_request_beneficiaries_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="needs_info") | Q(sla_paused_on__isnull=False),
                name="service_request_paused_while_needs_info",
            ),
            # Something to place it with: a barangay, or an address or point staff can place.
            models.CheckConstraint(
                condition=Q(barangay__isnull=False)
                | ~Q(location_details="")
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="service_request_has_a_place",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "sla_due_on"], name="service_request_status_due"),
            models.Index(fields=["service", "status"], name="service_request_service_status"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def sla_paused(self) -> bool:
        return self.sla_paused_on is not None

    @property
    def needs_placement(self) -> bool:
        return self.barangay_id is None

    @property
    def open311_status(self) -> str:
        return "open" if self.is_open else "closed"


class StatusChange(BaseModel):
    """The history of a request: who moved it, when, and what they told the requester
    (public note) or their colleagues (internal note)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=14, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=14, choices=RequestStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_note = models.TextField(blank=True, validators=[MaxLengthValidator(1000), reject_html])
    internal_note = models.TextField(blank=True, validators=[MaxLengthValidator(2000), reject_html])
    # Set once the requester has been told (email, or SMS without an email): a retried task
    # sees it and sends nothing twice.
    notified_at = models.DateTimeField(null=True, blank=True)
    notification_ref = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["request", "created_at"], name="status_change_request_time")]

    def __str__(self) -> str:
        return f"{self.request} → {self.to_status}"

    @property
    def is_status_change(self) -> bool:
        return self.from_status != self.to_status

    @property
    def is_public(self) -> bool:
        return self.is_status_change or bool(self.public_note)

    @property
    def written_for_the_public(self) -> bool:
        """Staff's notes to the requester (checked for contact details before they are saved)
        and the receipt: what the anonymous Open311 list may show. The requester's own reply
        is public to them on their tracking page, never to everyone."""
        return self.changed_by_id is not None or not self.from_status

    @property
    def public_text(self) -> str:
        """The note the requester sees; the first row says it was received, in the reader's
        language (nothing is stored for it, so it is never frozen in one language)."""
        if self.public_note or self.from_status:
            return self.public_note
        return str(_("We received your request."))
