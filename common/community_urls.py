from django.urls import path

from common import community_views

# Staff pages for communities and needs (paths start with communities/).
app_name = "communities"

urlpatterns = [
    path("communities/", community_views.community_list_page, name="community_list"),
    path("communities/<uuid:uid>/", community_views.community_detail, name="community_detail"),
]
