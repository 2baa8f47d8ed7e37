"""Authentication, scope checks and the mixin every /api/v1/external/ view uses."""

from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework.permissions import BasePermission

from common.models import Role
from common.net import client_ip
from common.permissions import MatrixPermission
from external_api.scopes import allowed_scopes_of
from external_api.throttles import ExternalThrottle


class PartnerTokenAuthentication(OAuth2Authentication):
    """A client-credentials token carries no user; the request acts as the partner account
    that owns the client, and only while that account is active and a partner."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        _user, token = result
        owner = token.application.user if token.application_id else None
        if owner is None or not owner.is_active or owner.role != Role.EXTERNAL_PARTNER:
            return None
        # Partner changes take effect at once: a deactivated client, or a token carrying a
        # scope the client no longer has, stops working now, not when the token expires.
        granted = set(allowed_scopes_of(token.application))
        if not granted or not set(token.scope.split()) <= granted:
            return None
        return owner, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class TokenHasRequiredScopes(BasePermission):
    """The token must carry every scope the view lists in `required_scopes`."""

    message = "The access token lacks a scope this endpoint needs."

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if token is None or not hasattr(token, "allow_scopes"):
            return False
        return token.allow_scopes(getattr(view, "required_scopes", []))


def partner_client_of(request):
    """The PartnerProfile behind the request's token, or None before/without authentication."""
    token = getattr(request, "_auth", None)
    application = getattr(token, "application", None)
    return getattr(application, "partner_profile", None) if application is not None else None


class ExternalAPIMixin:
    """/api/v1/external/: partners with an OAuth2 client-credentials token. Every call a
    partner makes is written to the access log, refusals included (X-Road-like)."""

    authentication_classes = [PartnerTokenAuthentication]
    permission_classes = [MatrixPermission, TokenHasRequiredScopes]
    throttle_classes = [ExternalThrottle]
    required_scopes: list[str] = []
    # Set by views while answering: what the access log records.
    access_agreement = None
    access_record_ids: list[str] = []

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        client = partner_client_of(request)
        if client is not None:
            from external_api.services.access_log import access_log_record

            match = request.resolver_match
            access_log_record(
                client=client,
                method=request.method,
                endpoint=match.view_name if match else "",
                path=request.path,
                status_code=response.status_code,
                client_ip=client_ip(request),
                agreement=self.access_agreement,
                filters={key: value for key, value in request.GET.items() if key != "cursor"},
                record_ids=self.access_record_ids,
            )
        return response
