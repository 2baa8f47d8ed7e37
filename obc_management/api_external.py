"""/api/v1/external/: partner agencies, OAuth2 client credentials, scoped, 5000/hour per client."""

from django.urls import include, path

from external_api import api as external_api
from obc_management.api_schema import schema_views

schema, docs = schema_views(
    urlconf="obc_management.api_external",
    namespace="api-external",
    title="OBCMS partner API",
    staff_only=False,
)

routes = [
    path("oauth/token/", external_api.token_view, name="oauth-token"),
    path("oauth/revoke/", external_api.revoke_token_view, name="oauth-revoke"),
    path("whoami/", external_api.WhoAmIView.as_view(), name="whoami"),
    path("schema/", schema, name="schema"),
    path("docs/", docs, name="docs"),
]

urlpatterns = [path("api/v1/external/", include((routes, "api-external")))]
