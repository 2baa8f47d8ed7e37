"""One error shape for every API error: {"message": ..., "extra": {"fields": {...}}}."""

from axes.exceptions import AxesBackendPermissionDenied
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from common.errors import NON_FIELD, ApplicationError

LOCKOUT_MESSAGE = "Too many failed sign-in attempts. Try again later."


def _flatten_messages(detail) -> str:
    if isinstance(detail, list) and detail:
        return str(detail[0])
    if isinstance(detail, dict):
        # simplejwt's InvalidToken: {"detail": ..., "messages": [{"message": "Token is expired"}]}
        reasons = [str(item["message"]) for item in detail.get("messages", []) if "message" in item]
        if reasons:
            return reasons[0]
        if "detail" in detail:
            return str(detail["detail"])
        return "Validation error"
    return str(detail)


def api_exception_handler(exc, context):
    if isinstance(exc, AxesBackendPermissionDenied):
        response = Response(
            {"message": LOCKOUT_MESSAGE, "extra": {}}, status=status.HTTP_429_TOO_MANY_REQUESTS
        )
        response["Retry-After"] = "900"
        return response
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, ApplicationError):
        return Response(application_error_body(exc), status=status.HTTP_400_BAD_REQUEST)

    response = exception_handler(exc, context)
    if response is None:
        return None  # unexpected: Django's 500 handling (JSON for /api/ paths) takes over

    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"message": "Validation error", "extra": {"fields": detail}}
    else:
        extra = {}
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            extra["wait_seconds"] = int(exc.wait)
        response.data = {"message": _flatten_messages(exc.detail), "extra": extra}
    return response


def application_error_body(exc: ApplicationError) -> dict:
    """The 400 body for a service's refusal; errors on no field come under DRF's own key."""
    non_field_key = api_settings.NON_FIELD_ERRORS_KEY
    fields = {
        (non_field_key if name == NON_FIELD else name): messages for name, messages in exc.fields.items()
    }
    return {"message": exc.message, "extra": {**exc.extra, "fields": fields} if fields else exc.extra}


def json_error(message: str, status_code: int) -> JsonResponse:
    """The same shape for errors raised outside DRF (Django's 404/500 under /api/)."""
    return JsonResponse({"message": message, "extra": {}}, status=status_code)
