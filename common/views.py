"""Account pages, the staff home page, health and metrics endpoints, error pages."""

import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from common.api.errors import json_error
from common.api.throttles import allowance_take
from common.auth import VerifiedEmailAuthenticationForm
from common.i18n import is_supported_language
from common.models import Role
from common.net import client_ip
from common.permissions import AUTHENTICATED, METRICS, public, requires
from common.selectors.home import home_sections_for
from common.selectors.notifications import notification_list
from common.services.notifications import notifications_mark_read
from common.services.users import user_set_language

logger = logging.getLogger(__name__)


@public
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The site's front door: the public home for visitors (find a service, track a
    request, what is being done where, sign in); a signed-in user's own home page."""
    if not request.user.is_authenticated:
        return render(request, "common/public_home.html")
    if request.user.role == Role.COMMUNITY_LEADER:
        # Leaders work in the community portal; the staff home has nothing for them.
        return redirect("community_portal:home")
    return render(request, "common/home.html", {"sections": home_sections_for(request.user)})


@requires(AUTHENTICATED)
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's in-app notifications; POST marks them read (all, or the one named)."""
    if request.method == "POST":
        uid = request.POST.get("uid")
        notifications_mark_read(user=request.user, uids=[uid] if uid else None)
        return redirect("common:notifications")
    page = Paginator(notification_list(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "common/notifications.html", {"page_obj": page})


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch: a plain form post (no JavaScript), CSRF-checked like any form.

    Django's view sets the language cookie and sends the visitor back to the page they were
    on (`next`, same host only); a signed-in user's choice is also kept on their account.
    """
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and is_supported_language(language):
        user_set_language(user=request.user, language=language)
    return response


# Django's own auth views, each with the form errors that reveal nothing about accounts.
login_view = auth_views.LoginView.as_view(
    redirect_authenticated_user=True, authentication_form=VerifiedEmailAuthenticationForm
)
logout_view = auth_views.LogoutView.as_view()


class LimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, with an allowance per client IP (a visible 429) and per address
    (beyond it, the same "sent" page and no mail: the answer says nothing about accounts and
    twenty requests do not send twenty emails)."""

    success_url = reverse_lazy("common:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form):
        if allowance_take("password_reset_ip", client_ip(self.request)):
            form.add_error(None, gettext("Too many password reset requests from here: try again later."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        if allowance_take("password_reset_address", form.cleaned_data["email"]):
            return redirect(self.get_success_url())
        return super().form_valid(form)


password_reset_view = LimitedPasswordResetView.as_view()
password_reset_done_view = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm_view = auth_views.PasswordResetConfirmView.as_view(
    success_url=reverse_lazy("common:password_reset_complete")
)
password_reset_complete_view = auth_views.PasswordResetCompleteView.as_view()
password_change_view = requires(AUTHENTICATED)(
    auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("common:password_change_done"))
)
password_change_done_view = requires(AUTHENTICATED)(auth_views.PasswordChangeDoneView.as_view())


# --- Operations ------------------------------------------------------------------------


@public
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Checks nothing else, so a database outage does not get
    every web process restarted."""
    return JsonResponse({"status": "ok"})


def _check_database() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _check_cache() -> str:
    cache.set("readyz-probe", "1", 10)
    if cache.get("readyz-probe") != "1":
        raise RuntimeError("cache did not return what was stored")
    return "ok"


def _check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER and not settings.REDIS_URL:
        return "eager"  # embedded mode: tasks run in-process, there is no broker to reach
    import redis

    redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    return "ok"


@public
@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: database, cache and broker all answer. 503 names what failed."""
    checks, ready = {}, True
    for name, check in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
        try:
            checks[name] = check()
        except Exception as exc:  # any failure means "not ready"; the name of it is logged
            logger.warning("readiness check failed", extra={"check": name, "error": str(exc)})
            checks[name] = "error"
            ready = False
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format. OOBC executives, or the scraper's host (METRICS_ALLOWED_IPS)."""
    if request.META.get("REMOTE_ADDR") not in settings.METRICS_ALLOWED_IPS and not METRICS.allows(
        request.user
    ):
        return render(request, "403.html", status=403)
    return HttpResponse(generate_latest(), content_type=CONTENT_TYPE_LATEST)


metrics.access_rule = METRICS


# --- Error pages (JSON under /api/, styled HTML elsewhere) ------------------------------


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return json_error(message, status)
    return render(request, f"{status}.html", {"message": message}, status=status)


def handler403(request, exception=None):
    return _error(request, 403, gettext("Your account does not have access to this page."))


def handler404(request, exception=None):
    return _error(request, 404, gettext("Not found."))


def handler500(request):
    return _error(request, 500, gettext("Something went wrong on our side. It has been logged."))


def csrf_failure(request, reason=""):
    return _error(
        request, 403, gettext("The form expired or came from another site. Reload the page and try again.")
    )
