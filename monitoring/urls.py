from django.urls import path

from monitoring import views

# Staff pages of the PPA register (their access rules are on the views).
app_name = "monitoring"

urlpatterns = [
    path("where/", views.public_accountability_index, name="public_accountability_index"),
    path("where/<str:psgc>/", views.public_accountability, name="public_accountability"),
    path("ppas/", views.ppa_list, name="ppa_list"),
    path("ppas/new/", views.ppa_create_page, name="ppa_create"),
    path("ppas/<uuid:uid>/", views.ppa_detail, name="ppa_detail"),
    path("ppas/<uuid:uid>/edit/", views.ppa_edit, name="ppa_edit"),
    path("ppas/<uuid:uid>/progress/", views.ppa_progress, name="ppa_progress"),
]
