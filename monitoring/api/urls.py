from django.urls import path

from monitoring.api import views

# Routes under /api/v1/internal/ (included by obc_management/api_internal.py).
urlpatterns = [
    path("ppas/", views.PpaListView.as_view(), name="ppa-list"),
    path("ppas/<uuid:uid>/", views.PpaDetailView.as_view(), name="ppa-detail"),
    path("ppas/<uuid:uid>/updates/", views.PpaUpdatesView.as_view(), name="ppa-updates"),
    path("ppas/<uuid:uid>/indicators/", views.PpaIndicatorsView.as_view(), name="ppa-indicators"),
]
