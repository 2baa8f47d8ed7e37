from django.urls import path

from reporting import views

# Staff pages of reporting (their access rules are on the views), a recipient's signed
# download link and the public Citizen's Charter PDF.
app_name = "reporting"

urlpatterns = [
    path("reports/", views.index, name="index"),
    path("reports/schedules/", views.schedules, name="schedules"),
    path("reports/schedules/<uuid:uid>/", views.schedule_edit, name="schedule_edit"),
    path("reports/deliveries/", views.deliveries, name="deliveries"),
    path("reports/links/<str:token>/", views.signed_download, name="signed_download"),
    path("reports/charters/<uuid:uid>.pdf", views.charter_pdf, name="charter_pdf"),
    path("reports/<uuid:uid>/", views.detail, name="detail"),
    path("reports/<uuid:uid>/download/", views.download, name="download"),
    path("reports/<uuid:uid>/retry/", views.retry, name="retry"),
]
