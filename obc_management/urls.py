from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("obc_management.api_internal")),
    path("", include("obc_management.api_public")),
    path("", include("obc_management.api_external")),
    # Staff pages; each app's urls.py names its own prefix (ppas/, organizations/, ...).
    path("", include("monitoring.urls")),
    path("", include("coordination.urls")),
    path("", include("common.community_urls")),
    path("", include("automation.urls")),
    path("", include("service_catalog.urls")),
    path("", include("ocm_dashboard.urls")),
    path("", include("community_portal.urls")),
    path("", include("reporting.urls")),
    path("", include("external_api.urls")),
    path("open311/v2/", include("service_catalog.open311_urls")),
    path("", include("common.urls")),
]

handler403 = "common.views.handler403"
handler404 = "common.views.handler404"
handler500 = "common.views.handler500"
