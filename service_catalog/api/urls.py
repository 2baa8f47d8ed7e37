from django.urls import path

from service_catalog.api import internal

# Routes under /api/v1/internal/ (included by obc_management/api_internal.py).
urlpatterns = [
    path("catalog/entries/", internal.EntryListView.as_view(), name="catalog-entries"),
    path("catalog/entries/<uuid:uid>/", internal.EntryDetailView.as_view(), name="catalog-entry"),
    path(
        "catalog/entries/<uuid:uid>/status/", internal.EntryStatusView.as_view(), name="catalog-entry-status"
    ),
    path("catalog/requests/", internal.RequestListView.as_view(), name="catalog-requests"),
    path("catalog/requests/<uuid:uid>/", internal.RequestDetailView.as_view(), name="catalog-request"),
    path(
        "catalog/requests/<uuid:uid>/transitions/",
        internal.RequestTransitionView.as_view(),
        name="catalog-request-transition",
    ),
    path(
        "catalog/requests/<uuid:uid>/assignment/",
        internal.RequestAssignView.as_view(),
        name="catalog-request-assign",
    ),
]
