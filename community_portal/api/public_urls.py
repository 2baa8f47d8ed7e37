from django.urls import path

from community_portal.api import public

# Routes under /api/v1/public/ (included by obc_management/api_public.py); the design's paths.
urlpatterns = [
    path("portal/requests/", public.PortalRequestCreateView.as_view(), name="portal-requests"),
    path(
        "portal/requests/<str:code>/status/",
        public.PortalRequestStatusView.as_view(),
        name="portal-request-status",
    ),
    path("portal/feedback/", public.FeedbackCreateView.as_view(), name="portal-feedback"),
]
