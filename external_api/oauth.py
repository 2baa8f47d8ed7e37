"""The OAuth2 validator for partner clients (django-oauth-toolkit)."""

import base64
import hashlib

from django.core.cache import cache
from django.http import JsonResponse
from oauth2_provider import views as oauth_views
from oauth2_provider.oauth2_validators import OAuth2Validator

from common.net import client_ip

TOKEN_ATTEMPTS = 10
TOKEN_ATTEMPT_WINDOW = 15 * 60


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


def _oauth_error(error: str, description: str, status: int) -> JsonResponse:
    """RFC 6749 §5.2: {"error": ...}, never cached."""
    response = JsonResponse({"error": error, "error_description": description}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _client_id(request) -> str:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.lower().startswith("basic "):
        try:
            return base64.b64decode(header[6:].strip()).decode("utf-8").split(":", 1)[0]
        except (ValueError, UnicodeDecodeError):
            return ""
    return request.POST.get("client_id", "")


def _odd_input(request) -> JsonResponse | None:
    """A NUL byte cannot be stored or compared by PostgreSQL: answer RFC 6749's
    invalid_request instead of letting the toolkit's token lookup fail with a 500."""
    values = [*request.POST.values(), request.META.get("HTTP_AUTHORIZATION", "")]
    if any("\x00" in value for value in values):
        return _oauth_error("invalid_request", "Parameters must not contain NUL characters.", 400)
    return None


class PartnerRevokeTokenView(oauth_views.RevokeTokenView):
    """RFC 7009 revocation, refusing input the database cannot hold."""

    def post(self, request, *args, **kwargs):
        return _odd_input(request) or super().post(request, *args, **kwargs)


class PartnerTokenView(oauth_views.TokenView):
    """The token endpoint: the client-credentials grant only (any other grant is RFC 6749's
    `unsupported_grant_type` before the toolkit sees it), and at most TOKEN_ATTEMPTS failed
    attempts per client id and IP within TOKEN_ATTEMPT_WINDOW."""

    def post(self, request, *args, **kwargs):
        refused = _odd_input(request)
        if refused:
            return refused
        grant_type = request.POST.get("grant_type", "")
        if not grant_type:
            return _oauth_error("invalid_request", "grant_type is required.", 400)
        if grant_type != "client_credentials":
            return _oauth_error("unsupported_grant_type", "Only client_credentials is offered.", 400)
        digest = hashlib.sha256(_client_id(request).encode()).hexdigest()[:24]
        key = f"oauth-token-failures:{digest}:{client_ip(request)}"
        if cache.get(key, 0) >= TOKEN_ATTEMPTS:
            response = _oauth_error("slow_down", "Too many failed attempts. Try again later.", 429)
            response["Retry-After"] = str(TOKEN_ATTEMPT_WINDOW)
            return response
        response = super().post(request, *args, **kwargs)
        if response.status_code in (400, 401):
            cache.add(key, 0, TOKEN_ATTEMPT_WINDOW)
            cache.incr(key)
        return response
