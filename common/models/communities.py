"""OBC communities (one per barangay) and their needs."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models.base import BaseModel, DataClassification, DataSource, Sector
from common.models.geography import Barangay, Municipality, Province, Region


class EthnolinguisticGroup(models.TextChoices):
    BADJAO = "badjao", "Badjao"
    IRANUN = "iranun", "Iranun"
    JAMA_MAPUN = "jama_mapun", "Jama Mapun"
    KAGAN = "kagan", "Kagan/Kalagan"
    KOLIBUGAN = "kolibugan", "Kolibugan"
    MAGUINDANAON = "maguindanaon", "Maguindanaon"
    MERANAW = "meranaw", "Meranaw"
    MOLBOG = "molbog", "Molbog"
    PALAWANI = "palawani", "Palawani"
    SAMA = "sama", "Sama"
    SANGIL = "sangil", "Sangil"
    TAUSUG = "tausug", "Tausug"
    YAKAN = "yakan", "Yakan"
    OTHER = "other", _("Other")


class PovertyBand(models.TextChoices):
    LOW = "low", _("Low poverty incidence")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")
    UNKNOWN = "unknown", _("Not assessed")


ACCESS_RATING_HELP = "1 = none, 5 = good access"


def access_rating_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=ACCESS_RATING_HELP,
    )


class Community(BaseModel):
    """An OBC community: the Bangsamoro community of one barangay outside BARMM.

    Region, province and municipality repeat the barangay's, so the dashboard groups
    20,000 communities without joining the whole geography (set by the service)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    barangay = models.OneToOneField(Barangay, on_delete=models.PROTECT, related_name="community")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="communities")
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, related_name="communities"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communities")
    name = models.CharField(max_length=200)
    other_names = models.CharField(max_length=300, blank=True, help_text="Local names, sitio or purok names.")
    estimated_obc_population = models.PositiveIntegerField(_("estimated OBC population"))
    households = models.PositiveIntegerField(null=True, blank=True)
    # Ethnic origin is sensitive personal information under the Data Privacy Act 2012.
    ethnolinguistic_group = models.CharField(max_length=20, choices=EthnolinguisticGroup.choices)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    poverty_band = models.CharField(max_length=12, choices=PovertyBand.choices, default=PovertyBand.UNKNOWN)
    road_access = access_rating_field(_("road access"))
    water_access = access_rating_field(_("water access"))
    electricity_access = access_rating_field(_("electricity access"))
    health_access = access_rating_field(_("health service access"))
    education_access = access_rating_field(_("education access"))
    classification = models.CharField(
        max_length=12, choices=DataClassification.choices, default=DataClassification.INTERNAL
    )
    source = models.CharField(max_length=12, choices=DataSource.choices, default=DataSource.MANUAL)
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "communities"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="community_latitude",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="community_longitude",
            ),
            models.CheckConstraint(
                condition=Q(households__isnull=True) | Q(households__lte=F("estimated_obc_population")),
                name="community_households_not_above_population",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
                    name=f"community_{field}_1_to_5",
                )
                for field in (
                    "road_access",
                    "water_access",
                    "electricity_access",
                    "health_access",
                    "education_access",
                )
            ],
        ]
        indexes = [
            models.Index(fields=["region", "province"]),
            models.Index(fields=["ethnolinguistic_group"]),
            models.Index(fields=["updated_at", "uid"], name="community_sync_order"),
        ]

    def __str__(self) -> str:
        return self.name


class NeedUrgency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate (under 1 month)")
    SHORT_TERM = "short_term", _("Short term (1–6 months)")
    MEDIUM_TERM = "medium_term", _("Medium term (6–12 months)")
    LONG_TERM = "long_term", _("Long term (over 1 year)")


# Weight of urgency when ranking unmet needs (affected population × weight).
URGENCY_WEIGHT = {
    NeedUrgency.IMMEDIATE: 4,
    NeedUrgency.SHORT_TERM: 3,
    NeedUrgency.MEDIUM_TERM: 2,
    NeedUrgency.LONG_TERM: 1,
}


class NeedStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    VALIDATED = "validated", _("Validated")
    BEING_ADDRESSED = "being_addressed", _("Being addressed")
    MET = "met", _("Met")
    DROPPED = "dropped", _("Dropped")


class Need(BaseModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="needs")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    urgency = models.CharField(max_length=12, choices=NeedUrgency.choices)
    status = models.CharField(max_length=16, choices=NeedStatus.choices, default=NeedStatus.REPORTED)
    affected_population = models.PositiveIntegerField()
    identified_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=12, choices=DataSource.choices, default=DataSource.MANA)

    class Meta:
        ordering = ["community__name", "title"]
        indexes = [
            models.Index(fields=["status", "sector"]),
            # The dashboard's data version reads the latest change on every page.
            models.Index(fields=["updated_at"], name="need_changed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.community})"
