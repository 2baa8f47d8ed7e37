"""Partner data sharing: OAuth clients and their scopes, the data sharing agreements that
allow each dataset, the access log of every exchange, and Standard Webhooks endpoints with
their deliveries and attempts."""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import APPLICATION_MODEL

from common.encryption import EncryptedTextField
from common.models import BaseModel, DataClassification
from coordination.models import Organization
from external_api.scopes import SCOPES


def validate_scope_list(value: str) -> None:
    unknown = sorted(set(value.split()) - set(SCOPES))
    if unknown:
        raise ValidationError(
            _("Unknown scope(s): %(names)s. Known: %(names2)s.")
            % {"names": ", ".join(unknown), "names2": ", ".join(sorted(SCOPES))}
        )


class PartnerProfile(BaseModel):
    """One per partner OAuth client. The client secret itself is stored hashed by
    django-oauth-toolkit (Application.hash_client_secret)."""

    application = models.OneToOneField(
        APPLICATION_MODEL, on_delete=models.CASCADE, related_name="partner_profile"
    )
    # The agency the client belongs to: its data sharing agreements decide what it reads.
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="partner_clients"
    )
    organization_name = models.CharField(max_length=200)
    contact_email = models.EmailField(help_text="Told when the client's webhooks fail persistently.")
    allowed_scopes = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_scope_list],
        help_text="Space-separated scopes this client may request.",
    )
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.organization_name} ({self.application.client_id})"

    @property
    def scope_list(self) -> list[str]:
        return self.allowed_scopes.split()


# --- Data sharing agreements (RA 10173; NPC Circular 2020-03) -----------------------------


class Dataset(models.TextChoices):
    """What an agreement can cover; each has its endpoint(s), scope and webhook events."""

    PPAS = "ppas", _("PPAs (programs, projects and activities)")
    COMMUNITIES = "communities", _("OBC communities")
    ORGANIZATIONS = "organizations", _("Organizations (MAOs)")
    SERVICES = "services", _("Published catalog services and their requests")
    MEETINGS = "meetings", _("Coordination meetings")
    REPORTS = "reports", _("Generated reports")


# Classifications an agreement may cover, lowest first. Sensitive personal information
# never leaves through the partner API, whatever an agreement says.
SHAREABLE_CLASSIFICATIONS = [
    DataClassification.PUBLIC,
    DataClassification.INTERNAL,
    DataClassification.CONFIDENTIAL,
]
CLASSIFICATION_RANK = {value: rank for rank, value in enumerate(SHAREABLE_CLASSIFICATIONS)}


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not yet signed)")
    ACTIVE = "active", _("Signed and active")
    REVOKED = "revoked", _("Revoked")


def agreement_document_path(instance, filename: str) -> str:
    return f"agreements/{instance.uid}/{filename}"


class AgreementQuerySet(models.QuerySet):
    def in_force(self, on: date | None = None):
        day = on or timezone.localdate()
        return self.filter(status=AgreementStatus.ACTIVE, start_date__lte=day, end_date__gte=day)


class DataSharingAgreement(BaseModel):
    """A written agreement with a partner: purpose, datasets, the highest classification it
    covers, its term and the signed document. Data flows only while one is in force."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="data_sharing_agreements"
    )
    reference = models.CharField(_("reference number"), max_length=60, blank=True)
    purpose = models.TextField(help_text=_("What the partner may use the data for (specific and lawful)."))
    datasets = models.JSONField(default=list, help_text=_("Dataset codes the agreement covers."))
    max_classification = models.CharField(
        _("highest classification"),
        max_length=12,
        choices=[(value, value.label) for value in SHAREABLE_CLASSIFICATIONS],
        default=DataClassification.PUBLIC,
    )
    start_date = models.DateField()
    end_date = models.DateField()
    document = models.FileField(upload_to=agreement_document_path, blank=True)
    status = models.CharField(max_length=8, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    signed_on = models.DateField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "partner__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="agreement_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(max_classification__in=["public", "internal", "confidential"]),
                name="agreement_never_covers_sensitive_data",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | Q(revoked_at__isnull=False),
                name="revoked_agreement_has_time",
            ),
        ]
        indexes = [models.Index(fields=["partner", "status", "end_date"])]

    def __str__(self) -> str:
        return f"{self.partner} · {self.reference or self.uid} ({self.start_date} – {self.end_date})"

    def is_in_force(self, on: date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.status == AgreementStatus.ACTIVE and self.start_date <= day <= self.end_date

    def covers(self, dataset: str, classification: str = DataClassification.PUBLIC) -> bool:
        rank = CLASSIFICATION_RANK.get(classification)
        return (
            dataset in self.datasets
            and rank is not None
            and rank <= CLASSIFICATION_RANK[DataClassification(self.max_classification)]
        )


# --- Access log (X-Road-like: every exchange, both directions) ----------------------------


class Direction(models.TextChoices):
    PULL = "pull", _("Partner read through the API")
    PUSH = "push", _("Webhook delivered to the partner")


class AppendOnlyViolation(Exception):
    """Raised on any attempt to change or delete access log rows outside the retention prune."""


class AccessLogQuerySet(models.QuerySet):
    """Append-only: the ORM refuses bulk updates and deletes (the prune service excepted,
    which also has to pass the database trigger)."""

    def update(self, **kwargs):
        raise AppendOnlyViolation("The access log is append-only.")

    def delete(self):
        raise AppendOnlyViolation("The access log is append-only; rows leave only by the retention prune.")

    def _prune_delete(self):
        return super().delete()


class AccessLogEntry(models.Model):
    """One partner call or one webhook attempt. Never updated, never deleted except by the
    retention prune. Foreign keys carry no database constraint so a row outlives what it names."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    direction = models.CharField(max_length=4, choices=Direction.choices, default=Direction.PULL)
    partner = models.ForeignKey(
        Organization, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    partner_name = models.CharField(max_length=200)
    client = models.ForeignKey(
        PartnerProfile, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    oauth_client_id = models.CharField(max_length=100)
    agreement = models.ForeignKey(
        DataSharingAgreement, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    method = models.CharField(max_length=8)
    endpoint = models.CharField(max_length=120, help_text=_("Route name, or the webhook URL's host."))
    path = models.CharField(max_length=500)
    filters = models.JSONField(default=dict, blank=True)
    record_count = models.PositiveIntegerField(default=0)
    record_ids = models.JSONField(default=list, blank=True)
    records_digest = models.CharField(
        max_length=64,
        blank=True,
        help_text=_("SHA-256 of every record id, when there were too many to list."),
    )
    status_code = models.PositiveSmallIntegerField(null=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"
        indexes = [models.Index(fields=["partner", "-created_at"], name="access_log_partner_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.partner_name} {self.method} {self.endpoint}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyViolation("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyViolation("The access log is append-only.")


# --- Standard Webhooks -------------------------------------------------------------------


class WebhookEndpoint(BaseModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(PartnerProfile, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list)
    # The signing secret ("whsec_" + base64). It must be kept to sign (the partner saw it
    # once), so it is encrypted at rest rather than hashed.
    secret = EncryptedTextField()
    # After a rotation the old secret signs too, until this time, so receivers can switch over.
    previous_secret = EncryptedTextField(blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    # Start of the current run of failed attempts; cleared by a success.
    failing_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.url

    def signing_secrets(self, now=None) -> list[str]:
        now = now or timezone.now()
        secrets = [self.secret]
        if self.previous_secret and self.previous_secret_expires_at and self.previous_secret_expires_at > now:
            secrets.append(self.previous_secret)
        return secrets


class WebhookEvent(models.Model):
    """One domain event to send: its id is the `webhook-id` every delivery of it carries."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event_type = models.CharField(max_length=40)
    dataset = models.CharField(max_length=20, choices=Dataset.choices)
    occurred_at = models.DateTimeField()
    data = models.JSONField(default=dict)
    # Idempotency: the outbox message it came from (a handler run twice makes one event).
    source_key = models.CharField(max_length=100, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.message_id}"

    @property
    def message_id(self) -> str:
        return f"msg_{self.uid.hex}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class WebhookDelivery(BaseModel):
    """An event for one endpoint. Due again at `next_attempt_at` until it succeeds or
    runs out of retries; every attempt is kept (WebhookAttempt)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    # The body exactly as signed and sent, fixed when the delivery was made so retries match.
    payload = models.TextField()
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempt_count = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Set by the sweeper when it queues the row, so the next sweep leaves it to the queue.
    queued_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="one_delivery_per_endpoint_event"),
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(next_attempt_at__isnull=False),
                name="pending_delivery_is_due_sometime",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    attempted_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["delivery", "attempted_at"]

    def __str__(self) -> str:
        return (
            f"{self.delivery_id} at {self.attempted_at:%Y-%m-%d %H:%M:%S}: {self.status_code or self.error}"
        )
