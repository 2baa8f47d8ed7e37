from django.urls import path

from reporting.api import views

# Routes under /api/v1/internal/reports/ (the design's exact paths).
urlpatterns = [
    path("reports/", views.ReportListView.as_view(), name="report-list"),
    path("reports/generate/", views.ReportGenerateView.as_view(), name="report-generate"),
    path("reports/scheduled/", views.ScheduleListView.as_view(), name="report-scheduled"),
    path("reports/<uuid:uid>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<uuid:uid>/download/", views.ReportDownloadView.as_view(), name="report-download"),
]
