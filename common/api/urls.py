from django.urls import path

from common.api import communities, geography

# Routes under /api/v1/internal/ for geography (read only), communities and needs.
urlpatterns = [
    path("regions/", geography.RegionListView.as_view(), name="region-list"),
    path("provinces/", geography.ProvinceListView.as_view(), name="province-list"),
    path("municipalities/", geography.MunicipalityListView.as_view(), name="municipality-list"),
    path("barangays/", geography.BarangayListView.as_view(), name="barangay-list"),
    path("communities/", communities.CommunityListView.as_view(), name="community-list"),
    path("communities/<uuid:uid>/", communities.CommunityDetailView.as_view(), name="community-detail"),
    path("needs/", communities.NeedListView.as_view(), name="need-list"),
    path("needs/<uuid:uid>/", communities.NeedDetailView.as_view(), name="need-detail"),
]
