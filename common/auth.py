"""Sign-in helpers shared by the pages and the token endpoints."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from common.api.errors import LOCKOUT_MESSAGE, json_error


def lockout_response(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """What a locked-out username+IP sees. It says nothing about whether the account exists:
    unknown usernames are locked out exactly like real ones."""
    if request.path.startswith("/api/"):
        response = json_error(LOCKOUT_MESSAGE, 429)
    else:
        response = render(request, "registration/locked_out.html", status=429)
    response["Retry-After"] = "900"
    return response
