"""/api/v1/external/: the partner's own identity; feature issues add the data endpoints."""

from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from oauth2_provider import views as oauth_views
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from common.permissions import Action, Area, area_rule, public
from external_api.auth import ExternalAPIMixin


class WhoAmISerializer(serializers.Serializer):
    client_id = serializers.CharField()
    organization = serializers.CharField()
    scopes = serializers.ListField(child=serializers.CharField())
    expires_at = serializers.DateTimeField()


class WhoAmIView(ExternalAPIMixin, APIView):
    """The partner client this access token belongs to and the scopes it carries."""

    access_rule = area_rule(Area.EXTERNAL_API, Action.VIEW)

    @extend_schema(responses=WhoAmISerializer)
    def get(self, request):
        token = request.auth
        application = token.application
        return Response(
            WhoAmISerializer(
                {
                    "client_id": application.client_id,
                    "organization": application.partner_profile.organization_name,
                    "scopes": sorted(token.scope.split()),
                    "expires_at": token.expires,
                }
            ).data
        )


# RFC 6749 token endpoint (client credentials only) and RFC 7009 revocation. Their errors
# follow the OAuth specification ({"error": "invalid_scope"}), as partner OAuth libraries expect.
token_view = public(method_decorator(csrf_exempt, name="dispatch")(oauth_views.TokenView).as_view())
revoke_token_view = public(
    method_decorator(csrf_exempt, name="dispatch")(oauth_views.RevokeTokenView).as_view()
)
