"""Partner API clients: an OAuth2 application plus what OOBC granted it."""

from django.core.exceptions import ValidationError
from django.db import models
from oauth2_provider.settings import APPLICATION_MODEL

from common.models import BaseModel
from external_api.scopes import SCOPES


def validate_scope_list(value: str) -> None:
    unknown = sorted(set(value.split()) - set(SCOPES))
    if unknown:
        raise ValidationError(f"Unknown scope(s): {', '.join(unknown)}. Known: {', '.join(sorted(SCOPES))}.")


class PartnerProfile(BaseModel):
    """One per partner OAuth client. The client secret itself is stored hashed by
    django-oauth-toolkit (Application.hash_client_secret)."""

    application = models.OneToOneField(
        APPLICATION_MODEL, on_delete=models.CASCADE, related_name="partner_profile"
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
