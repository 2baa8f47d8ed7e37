from django.urls import path

from common.api import views

# Routes under /api/v1/internal/ for geography (read only), communities and needs.
urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="region-list"),
    path("provinces/", views.ProvinceListView.as_view(), name="province-list"),
    path("municipalities/", views.MunicipalityListView.as_view(), name="municipality-list"),
    path("barangays/", views.BarangayListView.as_view(), name="barangay-list"),
    path("communities/", views.CommunityListView.as_view(), name="community-list"),
    path("communities/<uuid:uid>/", views.CommunityDetailView.as_view(), name="community-detail"),
    path("needs/", views.NeedListView.as_view(), name="need-list"),
    path("needs/<uuid:uid>/", views.NeedDetailView.as_view(), name="need-detail"),
]
