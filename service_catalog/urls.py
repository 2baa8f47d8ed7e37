from django.urls import path

from service_catalog import views

app_name = "service_catalog"

# Pages; paths name their own prefix. Public pages first, then the staff pages.
urlpatterns = [
    path("catalog/", views.catalog_home, name="home"),
    path("catalog/services/<slug:slug>/", views.service_detail, name="service"),
    path("catalog/services/<slug:slug>/request/", views.request_create, name="request_create"),
    path("catalog/services/<slug:slug>/request/check/", views.request_check, name="request_check"),
    path("catalog/requests/<str:code>/received/", views.request_received, name="request_received"),
    path("catalog/track/", views.request_track, name="request_track"),
    path("catalog/track/<str:code>/", views.request_status, name="request_status"),
    path("catalog/charters/", views.charter_index, name="charters"),
    path("catalog/charters/<uuid:uid>/", views.charter_print, name="charter_print"),
    path("catalog/privacy/", views.privacy_notice, name="privacy"),
    path("catalog/manage/", views.entry_list, name="entries"),
    path("catalog/manage/new/", views.entry_edit, name="entry_create"),
    path("catalog/manage/<uuid:uid>/", views.entry_edit, name="entry_edit"),
    path("catalog/manage/<uuid:uid>/status/", views.entry_status, name="entry_status"),
    path("catalog/triage/", views.triage, name="triage"),
    path("catalog/triage/<uuid:uid>/", views.request_detail, name="request_detail"),
    path("catalog/triage/<uuid:uid>/status/", views.request_change_status, name="request_change_status"),
    path("catalog/triage/<uuid:uid>/assign/", views.request_assign, name="request_assign"),
    path("catalog/triage/<uuid:uid>/place/", views.request_place, name="request_place"),
]
