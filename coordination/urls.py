from django.urls import path

from coordination import views

# Staff pages of MAOs and engagements (their access rules are on the views).
app_name = "coordination"

urlpatterns = [
    path("organizations/", views.organization_list_page, name="organization_list"),
    path("organizations/<uuid:uid>/", views.organization_detail, name="organization_detail"),
    path("engagements/", views.engagement_list_page, name="engagement_list"),
    path("engagements/<uuid:uid>/", views.engagement_detail, name="engagement_detail"),
]
