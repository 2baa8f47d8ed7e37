"""/api/v1/public/: anonymous, CORS-enabled, 100 requests/hour per client IP."""

from django.urls import include, path

from common.api import views as common_api
from obc_management.api_schema import schema_views

schema, docs = schema_views(
    urlconf="obc_management.api_public", namespace="api-public", title="OBCMS public API", staff_only=False
)

routes = [
    path("", common_api.PublicRootView.as_view(), name="root"),
    path("", include("service_catalog.api.public_urls")),
    path("", include("community_portal.api.public_urls")),
    path("schema/", schema, name="schema"),
    path("docs/", docs, name="docs"),
]

urlpatterns = [path("api/v1/public/", include((routes, "api-public")))]
