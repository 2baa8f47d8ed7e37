"""One error shape for every API error: {"message": ..., "extra": {"fields": {...}}}."""

from axes.exceptions import AxesBackendPermissionDenied
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from common.errors import ApplicationError

LOCKOUT_MESSAGE = "Too many failed sign-in attempts. Try again later."


def _flatten_messages(detail) -> str:
    if isinstance(detail, list) and detail:
        return str(detail[0])
    if isinstance(detail, dict):
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
        fields = {exc.field: [exc.message]} if exc.field else {}
        return Response(
            {"message": exc.message, "extra": {**exc.extra, "fields": fields} if fields else exc.extra},
            status=status.HTTP_400_BAD_REQUEST,
        )

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


def json_error(message: str, status_code: int) -> JsonResponse:
    """The same shape for errors raised outside DRF (Django's 404/500 under /api/)."""
    return JsonResponse({"message": message, "extra": {}}, status=status_code)
