from django.urls import path

from service_catalog.api import views

# Routes under /api/v1/internal/ (included by obc_management/api_internal.py).
urlpatterns = [
    path("catalog/entries/", views.EntryListView.as_view(), name="catalog-entries"),
    path("catalog/entries/<uuid:uid>/", views.EntryDetailView.as_view(), name="catalog-entry"),
    path("catalog/entries/<uuid:uid>/status/", views.EntryStatusView.as_view(), name="catalog-entry-status"),
    path("catalog/requests/", views.RequestListView.as_view(), name="catalog-requests"),
    path("catalog/requests/<uuid:uid>/", views.RequestDetailView.as_view(), name="catalog-request"),
    path(
        "catalog/requests/<uuid:uid>/transitions/",
        views.RequestTransitionView.as_view(),
        name="catalog-request-transition",
    ),
    path(
        "catalog/requests/<uuid:uid>/assignment/",
        views.RequestAssignView.as_view(),
        name="catalog-request-assign",
    ),
]
