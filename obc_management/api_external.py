"""/api/v1/external/: partner agencies, OAuth2 client credentials, scoped, 5000/hour per client."""

from django.urls import include, path

from external_api.api.urls import routes as partner_routes
from obc_management.api_schema import schema_views

schema, docs = schema_views(
    urlconf="obc_management.api_external",
    namespace="api-external",
    title="OBCMS partner API",
    staff_only=False,
)

routes = [
    *partner_routes,
    path("schema/", schema, name="schema"),
    path("docs/", docs, name="docs"),
]

urlpatterns = [path("api/v1/external/", include((routes, "api-external")))]
