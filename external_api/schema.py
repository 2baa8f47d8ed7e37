"""How the partner authentication appears in the OpenAPI schema (drf-spectacular)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from external_api.scopes import SCOPES


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "external_api.auth.PartnerTokenAuthentication"
    name = "partnerOAuth2"

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "description": (
                "OAuth 2.0 client credentials. Each client may request only the scopes OOBC granted it."
            ),
            "flows": {
                "clientCredentials": {"tokenUrl": "/api/v1/external/oauth/token/", "scopes": dict(SCOPES)}
            },
        }

    def get_security_requirement(self, auto_schema):
        return {self.name: list(getattr(auto_schema.view, "required_scopes", []))}
