from django.urls import path

from service_catalog.api import views

# Routes under /api/v1/public/ (included by obc_management/api_public.py).
urlpatterns = [
    path("catalog/services/", views.ServiceListView.as_view(), name="catalog-services"),
    path("catalog/services/<slug:slug>/", views.ServiceDetailView.as_view(), name="catalog-service"),
    path("catalog/service-requests/", views.RequestCreateView.as_view(), name="catalog-request-create"),
    path(
        "catalog/service-requests/<str:code>/",
        views.RequestStatusView.as_view(),
        name="catalog-request-status",
    ),
]
