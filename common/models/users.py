"""Users and their roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OOBC_EXECUTIVE = "oobc_executive", _("OOBC executive")
    OOBC_STAFF = "oobc_staff", _("OOBC staff")
    OCM_EXECUTIVE = "ocm_executive", _("OCM executive")
    MAO_FOCAL = "mao_focal", _("MAO focal person")
    COMMUNITY_LEADER = "community_leader", _("Community leader")
    EXTERNAL_PARTNER = "external_partner", _("External partner")


STAFF_ROLES = frozenset({Role.OOBC_EXECUTIVE, Role.OOBC_STAFF, Role.OCM_EXECUTIVE, Role.MAO_FOCAL})


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    FILIPINO = "fil", "Filipino"


class User(AbstractUser):
    """An OBCMS account. Django admin access (is_staff) is separate from the OBCMS role."""

    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(max_length=32, choices=Role.choices, blank=True, db_index=True)
    phone = models.CharField(max_length=32, blank=True)
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # The MAO a focal person works for: it scopes everything they see ("own MAO").
    organization = models.ForeignKey(
        "coordination.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    # The community a community leader speaks for.
    community = models.ForeignKey(
        "common.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="leaders"
    )

    REQUIRED_FIELDS = ["email"]

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="") | models.Q(role__in=Role.values), name="user_role_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(role="mao_focal")
                | models.Q(organization__isnull=False)
                | models.Q(is_active=False),
                name="user_active_mao_focal_has_organization",
            ),
        ]

    def save(self, *args, **kwargs):
        # set_password() leaves the raw password in _password until the save.
        password_changed = self._password is not None
        super().save(*args, **kwargs)
        if password_changed or not self.is_active:
            # Tokens die with the password and with the account (access tokens carry a
            # hash of the password and are refused once it changed: SIMPLE_JWT's
            # CHECK_REVOKE_TOKEN; refresh tokens are blacklisted here).
            from common.services.tokens import user_tokens_revoke  # services import models

            user_tokens_revoke(user=self)

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None
