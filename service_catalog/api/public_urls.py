from django.urls import path

from service_catalog.api import public

# Routes under /api/v1/public/ (included by obc_management/api_public.py).
urlpatterns = [
    path("catalog/services/", public.ServiceListView.as_view(), name="catalog-services"),
    path("catalog/services/<slug:slug>/", public.ServiceDetailView.as_view(), name="catalog-service"),
    path("catalog/service-requests/", public.RequestCreateView.as_view(), name="catalog-request-create"),
    path(
        "catalog/service-requests/<str:code>/",
        public.RequestStatusView.as_view(),
        name="catalog-request-status",
    ),
]
