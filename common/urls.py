from django.urls import path

from common import views
from common.permissions import public

app_name = "common"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", public(views.login_view), name="login"),
    path("accounts/logout/", public(views.logout_view), name="logout"),
    path("accounts/password-reset/", public(views.password_reset_view), name="password_reset"),
    path("accounts/password-reset/sent/", public(views.password_reset_done_view), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        public(views.password_reset_confirm_view),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", public(views.password_reset_complete_view), name="password_reset_complete"),
    path("accounts/password/", views.password_change_view, name="password_change"),
    path("accounts/password/done/", views.password_change_done_view, name="password_change_done"),
    path("language/", views.set_language, name="set_language"),
    path("notifications/", views.notifications, name="notifications"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics, name="metrics"),
]
