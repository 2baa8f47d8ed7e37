from django.urls import path

from ocm_dashboard import views

# Pages of the OCM oversight dashboard (access rules are on the views).
app_name = "ocm_dashboard"

urlpatterns = [
    path("dashboard/", views.dashboard, name="index"),
    path("dashboard/gaps/", views.gap_list, name="gaps"),
    path("dashboard/overlaps/", views.overlap_queue_page, name="overlap_list"),
    path("dashboard/overlaps/detect/", views.overlaps_detect_page, name="overlaps_detect"),
    path("dashboard/overlaps/<uuid:uid>/", views.overlap_detail, name="overlap_detail"),
    path("dashboard/overlaps/<uuid:uid>/review/", views.overlap_review_page, name="overlap_review"),
    path("dashboard/snapshots/take/", views.snapshot_take_page, name="snapshot_take"),
    path("dashboard/export.csv", views.export_csv, name="export"),
]
