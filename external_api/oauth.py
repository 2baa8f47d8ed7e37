"""The OAuth2 validator for partner clients (django-oauth-toolkit)."""

from oauth2_provider.oauth2_validators import OAuth2Validator


class PartnerOAuth2Validator(OAuth2Validator):
    """Only client credentials, only for active partner profiles owned by active users."""

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        if grant_type != "client_credentials":
            return False
        return super().validate_grant_type(client_id, grant_type, client, request, *args, **kwargs)

    def authenticate_client(self, request, *args, **kwargs):
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        profile = getattr(request.client, "partner_profile", None)
        owner = request.client.user
        return bool(profile and profile.is_active and owner is not None and owner.is_active)
