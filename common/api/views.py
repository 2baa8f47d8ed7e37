"""Internal API (JWT) account endpoints and the public API root."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView
from rest_framework_simplejwt import views as jwt_views

from common.api.base import InternalAPIMixin, PublicAPIMixin
from common.auth import lockout_response
from common.models import Role
from common.permissions import AUTHENTICATED, PERMISSION_MATRIX, PUBLIC, MatrixPermission


class _TokenEndpointMixin:
    """Token endpoints take credentials, not a session: open to anyone, guarded by
    django-axes (lockout per username+IP) inside `authenticate()`."""

    authentication_classes: list = []
    permission_classes = [MatrixPermission]
    throttle_classes: list = []
    access_rule = PUBLIC

    def finalize_response(self, request, response, *args, **kwargs):
        # Axes marks a lockout on the request it was given, here DRF's wrapper, which its
        # middleware never sees: answer with the lockout response ourselves.
        if getattr(request, "axes_locked_out", False):
            response = lockout_response(request._request)
        return super().finalize_response(request, response, *args, **kwargs)


class TokenObtainView(_TokenEndpointMixin, jwt_views.TokenObtainPairView):
    """Exchange a username and password for an access token (10 minutes) and a refresh token."""


class TokenRefreshView(_TokenEndpointMixin, jwt_views.TokenRefreshView):
    """Exchange a refresh token for a new pair. The old refresh token is blacklisted at once."""


class TokenVerifyView(_TokenEndpointMixin, jwt_views.TokenVerifyView):
    """Check that a token is valid and unexpired."""


class GrantSerializer(serializers.Serializer):
    area = serializers.CharField()
    actions = serializers.ListField(child=serializers.CharField())
    scope = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.CharField()
    role_label = serializers.SerializerMethodField()
    language = serializers.CharField()
    email_verified = serializers.BooleanField()
    grants = serializers.SerializerMethodField()

    def get_role_label(self, user) -> str:
        return Role(user.role).label if user.role else ""

    @extend_schema(exclude=False)
    def get_grants(self, user) -> list[dict]:
        role = Role(user.role)
        return [
            {"area": str(area), "actions": sorted(str(a) for a in grant.actions), "scope": str(grant.scope)}
            for area, grants in PERMISSION_MATRIX.items()
            if (grant := grants.get(role)) is not None
        ]


class MeView(InternalAPIMixin, APIView):
    """The signed-in user and what the permission matrix grants their role."""

    access_rule = AUTHENTICATED

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class PublicRootView(PublicAPIMixin, APIView):
    """Where the public API starts: its version and its documentation."""

    @extend_schema(
        responses=inline_serializer(
            "PublicApiRoot",
            {
                "name": serializers.CharField(),
                "version": serializers.CharField(),
                "links": serializers.DictField(),
            },
        )
    )
    def get(self, request):
        from django.conf import settings

        return Response(
            {
                "name": "OBCMS public API",
                "version": settings.OBCMS_VERSION,
                "links": {
                    "schema": reverse("api-public:schema", request=request),
                    "docs": reverse("api-public:docs", request=request),
                },
            }
        )
