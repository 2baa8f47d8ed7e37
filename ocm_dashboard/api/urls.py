from django.urls import path

from ocm_dashboard.api import views

# Routes under /api/v1/internal/ocm-dashboard/ (included by obc_management/api_internal.py).
urlpatterns = [
    path("overview/", views.OverviewApi.as_view(), name="ocm-dashboard-overview"),
    path("geographic-coverage/", views.GeographicCoverageApi.as_view(), name="ocm-dashboard-coverage"),
    path("beneficiary-overlaps/", views.BeneficiaryOverlapListApi.as_view(), name="ocm-dashboard-overlaps"),
    path(
        "beneficiary-overlaps/<uuid:uid>/",
        views.BeneficiaryOverlapDetailApi.as_view(),
        name="ocm-dashboard-overlap-detail",
    ),
    path(
        "beneficiary-overlaps/<uuid:uid>/review/",
        views.BeneficiaryOverlapReviewApi.as_view(),
        name="ocm-dashboard-overlap-review",
    ),
]
