from django.urls import path

from community_portal.api import views

# Routes under /api/v1/public/ (included by obc_management/api_public.py); the design's paths.
urlpatterns = [
    path("portal/requests/", views.PortalRequestCreateView.as_view(), name="portal-requests"),
    path(
        "portal/requests/<str:code>/status/",
        views.PortalRequestStatusView.as_view(),
        name="portal-request-status",
    ),
    path("portal/feedback/", views.FeedbackCreateView.as_view(), name="portal-feedback"),
]
