"""Partner API clients: creation and scope changes (OOBC executives, Django admin)."""

import secrets

from django.db import transaction
from oauth2_provider.models import get_application_model

from common.errors import ApplicationError
from common.models import Role, User
from external_api.models import PartnerProfile, validate_scope_list

Application = get_application_model()


@transaction.atomic
def partner_client_create(
    *,
    owner: User,
    organization_name: str,
    contact_email: str,
    scopes: list[str],
    client_id: str | None = None,
    client_secret: str | None = None,
) -> tuple[PartnerProfile, str]:
    """Create a confidential client-credentials client. Returns the profile and the plain
    secret, which is shown once: only its hash is stored."""
    if owner.role != Role.EXTERNAL_PARTNER:
        raise ApplicationError("A partner client must belong to an external partner account.", field="owner")
    scope_text = " ".join(sorted(set(scopes)))
    try:
        validate_scope_list(scope_text)
    except Exception as exc:
        raise ApplicationError(str(exc.messages[0]), field="scopes") from exc
    plain_secret = client_secret or secrets.token_urlsafe(48)
    application = Application(
        name=organization_name,
        user=owner,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=plain_secret,
        hash_client_secret=True,
    )
    if client_id:
        application.client_id = client_id
    application.full_clean()
    application.save()
    profile = PartnerProfile.objects.create(
        application=application,
        organization_name=organization_name,
        contact_email=contact_email,
        allowed_scopes=scope_text,
    )
    return profile, plain_secret


DEMO_CLIENT_ID = "demo-partner-agency"
DEMO_CLIENT_SECRET = "demo-partner-secret-not-for-production"


def demo_partner_seed() -> list[str]:
    """A partner client for the demo partner account, with every read scope."""
    owner = User.objects.filter(role=Role.EXTERNAL_PARTNER, username="partner").first()
    if owner is None:
        return []
    if not Application.objects.filter(client_id=DEMO_CLIENT_ID).exists():
        partner_client_create(
            owner=owner,
            organization_name="Demo Partner Agency (synthetic)",
            contact_email="partner@demo.obcms.invalid",
            scopes=["ppas:read", "communities:read", "catalog:read", "meetings:read", "dashboard:read"],
            client_id=DEMO_CLIENT_ID,
            client_secret=DEMO_CLIENT_SECRET,
        )
    return [
        "Demo partner API client (OAuth2 client credentials at /api/v1/external/oauth/token/):",
        f"  client_id={DEMO_CLIENT_ID}  client_secret={DEMO_CLIENT_SECRET}",
    ]
