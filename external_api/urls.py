"""Staff pages of partner data sharing (OOBC executives)."""

from django.urls import path

from external_api import views

app_name = "external_api"

urlpatterns = [
    path("partners/", views.partners, name="partners"),
    path("partners/clients/new/", views.client_create, name="client_create"),
    path("partners/clients/<str:client_id>/toggle/", views.client_toggle, name="client_toggle"),
    path("partners/clients/<str:client_id>/scopes/", views.client_scopes, name="client_scopes"),
    path("partners/agreements/new/", views.agreement_new, name="agreement_create"),
    path("partners/agreements/<uuid:uid>/sign/", views.agreement_sign_view, name="agreement_sign"),
    path("partners/endpoints/<uuid:uid>/toggle/", views.endpoint_toggle, name="endpoint_toggle"),
    path("partners/agreements/<uuid:uid>/revoke/", views.agreement_revoke_view, name="agreement_revoke"),
    path("partners/access-log/", views.access_log, name="access_log"),
    path("partners/access-log.csv", views.access_log_csv, name="access_log_csv"),
]
