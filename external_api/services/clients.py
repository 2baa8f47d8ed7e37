"""Partner API clients: creation and scope changes (OOBC executives, the partner page, Django admin)."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _
from oauth2_provider.models import get_application_model

from common.errors import ApplicationError
from common.models import Role, User
from common.permissions import Action, Area, ensure_can
from coordination.models import Organization
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
    organization: Organization | None = None,
) -> tuple[PartnerProfile, str]:
    """Create a confidential client-credentials client. Returns the profile and the plain
    secret, which is shown once: only its hash is stored."""
    if owner.role != Role.EXTERNAL_PARTNER:
        raise ApplicationError(
            _("A partner client must belong to an external partner account."), field="owner"
        )
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
        organization=organization,
        organization_name=organization_name,
        contact_email=contact_email,
        allowed_scopes=scope_text,
    )
    return profile, plain_secret


@transaction.atomic
def partner_client_update(
    *,
    profile: PartnerProfile,
    acting_user: User,
    scopes: list[str] | None = None,
    is_active: bool | None = None,
    organization: Organization | None = None,
    contact_email: str | None = None,
) -> PartnerProfile:
    """Change what OOBC granted a client. Deactivating stops its tokens at once
    (PartnerOAuth2Validator and the scope backend read is_active on every call)."""
    ensure_external_api_manager(acting_user)
    changed = []
    if scopes is not None:
        scope_text = " ".join(sorted(set(scopes)))
        try:
            validate_scope_list(scope_text)
        except Exception as exc:
            raise ApplicationError(str(exc.messages[0]), field="scopes") from exc
        profile.allowed_scopes = scope_text
        changed.append("allowed_scopes")
    if is_active is not None:
        profile.is_active = is_active
        changed.append("is_active")
    if organization is not None:
        profile.organization = organization
        changed.append("organization")
    if contact_email is not None:
        profile.contact_email = contact_email
        changed.append("contact_email")
    profile.save(update_fields=[*changed, "updated_at"])
    return profile


def ensure_external_api_manager(user: User) -> None:
    """Only OOBC executives configure partners (the matrix's external API MANAGE grant)."""
    ensure_can(
        user, Area.EXTERNAL_API, Action.MANAGE, message=_("Only OOBC executives configure partner access.")
    )
