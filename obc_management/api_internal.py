"""/api/v1/internal/: staff, JWT. Feature apps add their routes to `routes`."""

from django.urls import include, path

from common.api import views as common_api
from obc_management.api_schema import schema_views

schema, docs = schema_views(
    urlconf="obc_management.api_internal",
    namespace="api-internal",
    title="OBCMS internal API",
    staff_only=True,
)

routes = [
    path("auth/token/", common_api.TokenObtainView.as_view(), name="token-obtain"),
    path("auth/token/refresh/", common_api.TokenRefreshView.as_view(), name="token-refresh"),
    path("auth/token/verify/", common_api.TokenVerifyView.as_view(), name="token-verify"),
    path("me/", common_api.MeView.as_view(), name="me"),
    path("", include("common.api.urls")),
    path("", include("coordination.api.urls")),
    path("", include("monitoring.api.urls")),
    path("automation/", include("automation.api.urls")),
    path("", include("service_catalog.api.urls")),
    path("ocm-dashboard/", include("ocm_dashboard.api.urls")),
    path("", include("reporting.api.urls")),
    path("schema/", schema, name="schema"),
    path("docs/", docs, name="docs"),
]

urlpatterns = [path("api/v1/internal/", include((routes, "api-internal")))]
