"""Base model and the vocabularies shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Audit timestamps for every domain table."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Sector(models.TextChoices):
    """One sector list for PPAs, needs, the catalog and overlap detection."""

    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    ENVIRONMENT = "environment", _("Environment and DRRM")
    GOVERNANCE = "governance", _("Governance")
    PEACE_SECURITY = "peace_security", _("Peace and security")


class DataClassification(models.TextChoices):
    """Data Privacy Act 2012 classes. What leaves through the public or partner API is
    decided from this (common.privacy)."""

    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    CONFIDENTIAL = "confidential", _("Confidential")
    SENSITIVE = "sensitive", _("Sensitive")


class DataSource(models.TextChoices):
    """Where a record came from, so synthetic demo data is never mistaken for real data."""

    REFERENCE = "reference", _("Official reference data")
    MANA = "mana", _("Mapping and Needs Assessment")
    MANUAL = "manual", _("Entered by staff")
    PARTNER = "partner", _("Reported by a partner")
    SYNTHETIC = "synthetic", _("Synthetic demo data")
