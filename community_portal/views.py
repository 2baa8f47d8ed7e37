"""Portal pages (thin): leaders register, file and follow requests, give feedback and take
part in consultations; OOBC staff verify leaders, moderate and publish what they heard.

Every page works without JavaScript; the request status block refreshes itself every 30 s
with htmx (`#status` partial) and has a plain "Refresh" link otherwise."""

import json

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.dates import current_fiscal_year, is_fiscal_year
from common.errors import ApplicationError
from common.forms import add_service_errors
from common.permissions import AUTHENTICATED, Action, Area, area_required, public, requires
from community_portal import selectors
from community_portal.forms import (
    CommentForm,
    ConsultationForm,
    DecisionForm,
    DocumentForm,
    FeedbackForm,
    HideForm,
    ObcTransitionForm,
    PortalSignInForm,
    RegistrationForm,
    ReplyForm,
    RequestForm,
    WhatWeHeardForm,
)
from community_portal.models import (
    OBC_TRANSITIONS,
    ConsultationComment,
    ConsultationDocument,
    DigitalConsultation,
    LeaderProfile,
    LeaderStatus,
    ObcRequestStatus,
    PortalFeedback,
    ReplyAttachment,
)
from community_portal.privacy import PORTAL_PRIVACY_NOTICE, PORTAL_PRIVACY_NOTICE_VERSION
from community_portal.services import accounts, consultations, feedback, requests
from ocm_dashboard.exports import Column, csv_response, field
from service_catalog.models import EntryStatus, ServiceCatalogEntry
from service_catalog.throttling import public_request_wait

STATUS_REFRESH_SECONDS = 30


def _form_error(form, error: ApplicationError) -> None:
    add_service_errors(form, error)


def _too_many(request: HttpRequest, wait: int) -> HttpResponse:
    response = render(request, "community_portal/too_many.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


# --- Public and account pages -----------------------------------------------------------


@public
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """/portal/: the leader's home (their community, requests, feedback); a welcome with the
    open consultations for everyone else."""
    user = request.user
    profile = selectors.leader_profile_of(user)
    context = {"profile": profile, "open_consultations": selectors.open_consultations()[:5]}
    if profile is not None:
        context["requests"] = selectors.requests_of(user=user)[:20]
        context["feedback_given"] = selectors.feedback_of(user=user)[:10]
        if accounts.speaks_for_community(user):
            context["community_profile"] = selectors.community_profile(community=user.community, user=user)
    return render(request, "community_portal/home.html", context)


@public
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community_portal/privacy.html",
        {"notice": PORTAL_PRIVACY_NOTICE, "version": PORTAL_PRIVACY_NOTICE_VERSION},
    )


@public
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Registration. Without JavaScript, "Find" reloads the form with the matching
    communities; with htmx only the community list is swapped."""
    data = request.POST if request.method == "POST" else None
    query = (request.POST or request.GET).get("community_query", "")
    communities = selectors.community_search(query=query)
    # The list shows the search's matches; a posted choice is checked against every community.
    choosing = request.method == "POST" and "find" not in request.POST
    form = RegistrationForm(
        data, communities=None if choosing else communities, initial={"community_query": query}
    )
    if request.htmx and request.method == "GET":
        return render(request, "community_portal/register.html#communities", {"form": form})
    if request.method == "POST" and "find" not in request.POST:
        if form.is_bot:
            return HttpResponse(status=400)
        wait = public_request_wait(request)
        if wait:
            return _too_many(request, wait)
        if form.is_valid():
            data = form.cleaned_data
            try:
                accounts.leader_register(
                    full_name=data["full_name"],
                    email=data["email"],
                    password=data["password1"],
                    phone=data["phone"],
                    community=data["community"],
                    community_role=data["community_role"],
                    privacy_notice_version=data["privacy_notice_version"],
                    consent=data["consent"],
                )
            except ApplicationError as error:
                _form_error(form, error)
            else:
                return redirect("community_portal:register_sent")
    if request.method == "POST" and "find" in request.POST:
        form = RegistrationForm(
            communities=communities, initial={**request.POST.dict(), "community_query": query}
        )
    return render(
        request,
        "community_portal/register.html",
        {"form": form, "notice": PORTAL_PRIVACY_NOTICE, "query": query},
    )


@public
@require_GET
def register_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "community_portal/register_sent.html")


@public
@require_GET
def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        accounts.leader_verify_email(uidb64=uidb64, token=token)
    except ApplicationError as error:
        return render(
            request,
            "community_portal/message.html",
            {"title": _("Link not valid"), "text": error.message},
            status=400,
        )
    return render(
        request,
        "community_portal/message.html",
        {
            "title": _("Your email address is confirmed"),
            "text": _(
                "You can sign in now. OOBC staff will check that you speak for your community and tell you."
            ),
            "link": reverse("community_portal:sign_in"),
            "link_label": _("Sign in"),
        },
    )


sign_in = public(
    auth_views.LoginView.as_view(
        template_name="community_portal/sign_in.html",
        authentication_form=PortalSignInForm,
        redirect_authenticated_user=True,
        next_page=reverse_lazy("community_portal:home"),
    )
)


@requires(AUTHENTICATED)
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request, "community_portal/account.html", {"profile": selectors.leader_profile_of(request.user)}
    )


@requires(AUTHENTICATED)
@require_GET
def account_data(request: HttpRequest) -> HttpResponse:
    """The person's data as a JSON download (RA 10173: the right to access)."""
    payload = json.dumps(accounts.account_export(user=request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-obcms-data.json"'
    return response


@requires(AUTHENTICATED)
@require_http_methods(["GET", "POST"])
def account_close(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        from django.contrib.auth import logout

        user = request.user
        logout(request)
        accounts.account_close(user=user)
        return render(
            request,
            "community_portal/message.html",
            {
                "title": _("Your account is closed"),
                "text": _("We removed your name and contacts. Thank you."),
            },
        )
    return render(request, "community_portal/account_close.html")


# --- Requests ---------------------------------------------------------------------------


@area_required(Area.PORTAL, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    if not accounts.speaks_for_community(request.user):
        return render(request, "community_portal/not_verified.html")
    form = RequestForm(request.POST or None, initial={"service": request.GET.get("service")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            portal_request = requests.portal_request_submit(
                requester=request.user,
                kind=data["kind"],
                title=data["title"],
                details=data["details"],
                beneficiaries=data["beneficiaries"],
                service=data["service"] if data["kind"] == "catalog_service" else None,
                sector=data["sector"],
            )
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("We received your request. Your tracking code is %(code)s.")
                % {"code": portal_request.tracking_code},
            )
            return redirect("community_portal:request_status", code=portal_request.tracking_code)
    return render(request, "community_portal/request_form.html", {"form": form})


def _status_context(portal_request) -> dict:
    return {
        "portal_request": portal_request,
        "status_label": selectors.request_status_label(portal_request),
        "timeline": selectors.request_timeline(portal_request),
        "waiting": requests.is_waiting_for_requester(portal_request),
        "refresh_seconds": STATUS_REFRESH_SECONDS,
        "checked_at": timezone.now(),
    }


@area_required(Area.PORTAL, Action.VIEW)
@require_GET
def request_status(request: HttpRequest, code: str) -> HttpResponse:
    """The requester's own request (anyone else's is a 404). htmx polls the `status` partial."""
    portal_request = selectors.own_request(user=request.user, code=code)
    context = _status_context(portal_request)
    if context["waiting"]:
        context["reply_url"] = requests.reply_path(portal_request)
    template = "community_portal/request_status.html" + ("#status" if request.htmx else "")
    return render(request, template, context)


@public
@require_http_methods(["GET", "POST"])
def request_reply(request: HttpRequest, token: str) -> HttpResponse:
    """The private link: answer "waiting for information from you" without signing in."""
    try:
        portal_request = requests.reply_link_request(token=token)
    except ApplicationError as error:
        return render(
            request,
            "community_portal/message.html",
            {"title": _("Link not valid"), "text": error.message},
            status=404,
        )
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            requests.portal_request_reply(
                portal_request=portal_request,
                text=form.cleaned_data["text"],
                files=request.FILES.getlist("attachments"),
            )
        except ApplicationError as error:
            _form_error(form, error)
        else:
            return render(
                request,
                "community_portal/message.html",
                {
                    "title": _("Thank you: we received your answer"),
                    "text": _(
                        "The processing clock has restarted. "
                        "Follow your request with its tracking code %(code)s."
                    )
                    % {"code": portal_request.tracking_code},
                },
            )
    context = _status_context(portal_request)
    context["form"] = form
    return render(request, "community_portal/request_reply.html", context)


# --- Feedback ---------------------------------------------------------------------------


def _feedback_page(request, *, form, title, subject, action_url, status=200):
    return render(
        request,
        "community_portal/feedback_form.html",
        {"form": form, "title": title, "subject": subject, "action_url": action_url},
        status=status,
    )


def _feedback_post(request, form, **submit) -> HttpResponse | None:
    if form.is_bot:
        return HttpResponse(status=400)
    wait = public_request_wait(request)
    if wait:
        return _too_many(request, wait)
    if form.is_valid():
        try:
            feedback.feedback_submit(
                answers=form.answers(),
                anonymous=form.cleaned_data.get("anonymous", False),
                author=request.user if request.user.is_authenticated else None,
                **submit,
            )
        except ApplicationError as error:
            _form_error(form, error)
        else:
            return redirect("community_portal:feedback_thanks")
    return None


@public
@require_http_methods(["GET", "POST"])
def feedback_invited(request: HttpRequest, token: str) -> HttpResponse:
    """Rate a completed request through the one-use link (no sign-in)."""
    try:
        invitation = feedback.invitation_for(token=token)
    except ApplicationError as error:
        return render(
            request,
            "community_portal/message.html",
            {"title": _("Feedback"), "text": error.message},
            status=410,
        )
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        done = _feedback_post(request, form, channel="invitation", invitation_token=token)
        if done:
            return done
    portal_request = invitation.request
    subject = (
        portal_request.service_request.service.title if portal_request.is_catalog else portal_request.title
    )
    return _feedback_page(
        request,
        form=form,
        title=_("How did we do?"),
        subject=f"{portal_request.tracking_code} · {subject}",
        action_url=request.path,
    )


@public
@require_http_methods(["GET", "POST"])
def feedback_service(request: HttpRequest, slug: str) -> HttpResponse:
    """Rate any published catalog service."""
    service = get_object_or_404(
        ServiceCatalogEntry.objects.select_related("mao"), slug=slug, status=EntryStatus.PUBLISHED
    )
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        done = _feedback_post(request, form, channel="portal", service=service)
        if done:
            return done
    return _feedback_page(
        request,
        form=form,
        title=_("Rate a service"),
        subject=f"{service.title} · {service.mao.label}",
        action_url=request.path,
    )


@public
@require_GET
def feedback_thanks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community_portal/message.html",
        {
            "title": _("Thank you for your feedback"),
            "text": _("It helps the Bangsamoro Government serve you better."),
        },
    )


# --- Consultations ------------------------------------------------------------------------


@public
@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    consultations_page = Paginator(selectors.published_consultations().order_by("-opens_at"), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "community_portal/consultation_list.html",
        {"page_obj": consultations_page, "now": timezone.now()},
    )


def _consultation_context(request, consultation, form=None) -> dict:
    user = request.user
    return {
        "consultation": consultation,
        "comments": selectors.consultation_comments(consultation=consultation, user=user),
        "is_open": consultations.is_open(consultation),
        "is_closed": consultations.is_closed(consultation),
        "may_take_part": consultations.may_take_part(user, consultation),
        "form": form or CommentForm(consultation=consultation),
        "themes": selectors.consultation_themes(consultation)
        if consultation.what_we_heard_published_at
        else [],
    }


@public
@require_GET
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = selectors.consultation_for(slug=slug, user=request.user)
    return render(
        request, "community_portal/consultation_detail.html", _consultation_context(request, consultation)
    )


@area_required(Area.PORTAL, Action.CHANGE)
@require_POST
def comment_post(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = selectors.consultation_for(slug=slug, user=request.user)
    form = CommentForm(request.POST, consultation=consultation)
    if form.is_bot:
        return HttpResponse(status=400)
    wait = public_request_wait(request)
    if wait:
        return _too_many(request, wait)
    if form.is_valid():
        try:
            consultations.comment_post(
                consultation=consultation,
                author=request.user,
                body=form.cleaned_data["body"],
                question=form.cleaned_data["question"],
            )
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your comment is posted."))
            return redirect(reverse("community_portal:consultation", kwargs={"slug": slug}) + "#comments")
    context = _consultation_context(request, consultation, form)
    return render(request, "community_portal/consultation_detail.html", context, status=400)


@area_required(Area.PORTAL, Action.CHANGE)
@require_POST
def comment_support(request: HttpRequest, uid: str) -> HttpResponse:
    comment = get_object_or_404(ConsultationComment.objects.select_related("consultation"), uid=uid)
    selectors.consultation_for(slug=comment.consultation.slug, user=request.user)  # drafts: 404
    try:
        consultations.comment_support(comment=comment, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(
        reverse("community_portal:consultation", kwargs={"slug": comment.consultation.slug})
        + f"#c-{comment.uid}"
    )


@public
@require_GET
def consultation_document(request: HttpRequest, uid: str) -> FileResponse:
    document = get_object_or_404(ConsultationDocument.objects.select_related("consultation"), uid=uid)
    selectors.consultation_for(slug=document.consultation.slug, user=request.user)
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.title,
    )


# --- Staff ------------------------------------------------------------------------------

STAFF = (Area.PORTAL, Action.MANAGE)


@area_required(*STAFF)
@require_GET
def staff_leaders(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or LeaderStatus.PENDING
    if status not in LeaderStatus.values:
        status = LeaderStatus.PENDING
    page = Paginator(selectors.verification_queue(status=status), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "community_portal/staff_leaders.html",
        {"page_obj": page, "status": status, "statuses": LeaderStatus.choices, "form": DecisionForm()},
    )


@area_required(*STAFF)
@require_POST
def staff_leader_decide(request: HttpRequest, uid: str) -> HttpResponse:
    profile = get_object_or_404(LeaderProfile, uid=uid)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            accounts.leader_decide(
                profile=profile,
                acting_user=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Decision recorded; the person has been told."))
    else:
        messages.error(request, _("Choose verify or refuse."))
    return redirect("community_portal:staff_leaders")


@area_required(*STAFF)
@require_GET
def staff_requests(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    queue = selectors.obc_request_queue(status=status if status in ObcRequestStatus.values else "")
    page = Paginator(queue, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "community_portal/staff_requests.html",
        {"page_obj": page, "status": status, "statuses": ObcRequestStatus.choices},
    )


@area_required(*STAFF)
@require_http_methods(["GET", "POST"])
def staff_request(request: HttpRequest, code: str) -> HttpResponse:
    portal_request = selectors.request_by_code(code)
    if portal_request is None:
        raise Http404
    if portal_request.is_catalog:
        return redirect("service_catalog:request_detail", uid=portal_request.service_request.uid)
    statuses = [
        (value, ObcRequestStatus(value).label)
        for value in sorted(OBC_TRANSITIONS.get(portal_request.status, ()))
    ]
    form = ObcTransitionForm(request.POST or None, statuses=statuses)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["mao"]:
                requests.portal_request_route(
                    portal_request=portal_request,
                    acting_user=request.user,
                    mao=data["mao"],
                    public_note=data["public_note"],
                )
            elif data["to_status"]:
                requests.portal_request_transition(
                    portal_request=portal_request,
                    acting_user=request.user,
                    to_status=data["to_status"],
                    public_note=data["public_note"],
                    internal_note=data["internal_note"],
                )
            else:
                raise ApplicationError(_("Choose a new status or a MAO."), field="to_status")
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Saved; the requester has been told."))
            return redirect("community_portal:staff_request", code=code)
    context = {
        "portal_request": portal_request,
        "form": form,
        "updates": portal_request.updates.select_related("changed_by"),
        "replies": portal_request.replies.prefetch_related("attachments"),
    }
    return render(request, "community_portal/staff_request.html", context)


@area_required(*STAFF)
@require_GET
def staff_attachment(request: HttpRequest, uid: str) -> FileResponse:
    """An attachment a requester sent: staff only, always as a download (never rendered)."""
    attachment = get_object_or_404(ReplyAttachment, uid=uid)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@area_required(*STAFF)
@require_GET
def staff_moderation(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.moderation_queue(), 25).get_page(request.GET.get("page"))
    return render(request, "community_portal/staff_moderation.html", {"page_obj": page})


@area_required(*STAFF)
@require_POST
def staff_comment_moderate(request: HttpRequest, uid: str) -> HttpResponse:
    comment = get_object_or_404(ConsultationComment, uid=uid)
    form = HideForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(_("Choose hide or show."), field="action")
        if form.cleaned_data["action"] == "hide":
            consultations.comment_hide(
                comment=comment, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        else:
            consultations.comment_unhide(comment=comment, acting_user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Moderation saved."))
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/portal/")
        else reverse("community_portal:staff_moderation")
    )


@area_required(*STAFF)
@require_GET
def staff_consultations(request: HttpRequest) -> HttpResponse:
    consultations_all = DigitalConsultation.objects.order_by("-opens_at")
    return render(
        request,
        "community_portal/staff_consultations.html",
        {"consultations": consultations_all, "now": timezone.now()},
    )


def _consultation_save(request, consultation=None) -> HttpResponse:
    initial = {}
    if consultation is not None:
        initial = {
            "title": consultation.title,
            "summary": consultation.summary,
            "body": consultation.body,
            "opens_at": timezone.localtime(consultation.opens_at).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": timezone.localtime(consultation.closes_at).strftime("%Y-%m-%dT%H:%M"),
            "questions": "\n".join(consultation.questions.values_list("text", flat=True)),
            "regions": list(consultation.regions.all()),
            "communities": list(consultation.communities.all()),
            "open_to_all_accounts": consultation.open_to_all_accounts,
        }
    form = ConsultationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = consultations.consultation_save(
                acting_user=request.user,
                consultation=consultation,
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                questions=data["questions"].splitlines(),
                regions=data["regions"],
                communities=data["communities"],
                open_to_all_accounts=data["open_to_all_accounts"],
            )
            if request.POST.get("publish"):
                consultations.consultation_publish(consultation=consultation, acting_user=request.user)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Consultation saved."))
            return redirect("community_portal:staff_consultation_edit", slug=consultation.slug)
    context = {"form": form, "consultation": consultation, "document_form": DocumentForm()}
    return render(request, "community_portal/staff_consultation_form.html", context)


@area_required(*STAFF)
@require_http_methods(["GET", "POST"])
def staff_consultation_new(request: HttpRequest) -> HttpResponse:
    return _consultation_save(request)


@area_required(*STAFF)
@require_http_methods(["GET", "POST"])
def staff_consultation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _consultation_save(request, get_object_or_404(DigitalConsultation, slug=slug))


@area_required(*STAFF)
@require_POST
def staff_consultation_document(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_object_or_404(DigitalConsultation, slug=slug)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            consultations.consultation_document_add(
                consultation=consultation,
                acting_user=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Document attached."))
    else:
        messages.error(request, _("Give the document a title and choose a PDF or image."))
    return redirect("community_portal:staff_consultation_edit", slug=slug)


@area_required(*STAFF)
@require_http_methods(["GET", "POST"])
def staff_what_we_heard(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_object_or_404(DigitalConsultation, slug=slug)
    comments = list(consultation.comments.filter(hidden_at__isnull=True).order_by("created_at"))
    form = WhatWeHeardForm(
        request.POST or None, comments=comments, initial={"intro": consultation.what_we_heard_intro}
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultations.what_we_heard_publish(
                consultation=consultation,
                acting_user=request.user,
                intro=form.cleaned_data["intro"],
                themes=form.themes(),
            )
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("“What we heard” is published."))
            return redirect("community_portal:consultation", slug=slug)
    return render(
        request, "community_portal/staff_what_we_heard.html", {"form": form, "consultation": consultation}
    )


COMMENT_COLUMNS = [
    Column("Posted", "#date+posted", field("posted")),
    Column("Question", "#meta+question", field("question")),
    Column("Author", "#contact+name", field("author")),
    Column("Community", "#loc+community", field("community")),
    Column("Comment", "#description+comment", field("comment")),
    Column("Supports", "#indicator+supports", field("supports")),
    Column("Hidden (reason)", "#status+hidden", field("hidden_reason")),
    Column("Theme", "#meta+theme", field("theme")),
]


@area_required(*STAFF)
@require_GET
def staff_comments_csv(request: HttpRequest, slug: str):
    consultation = get_object_or_404(DigitalConsultation, slug=slug)
    return csv_response(
        f"{consultation.slug}-comments.csv", COMMENT_COLUMNS, selectors.comment_rows(consultation)
    )


@area_required(*STAFF)
@require_GET
def staff_feedback(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year")
    fiscal_year = (
        int(year) if year and year.isdigit() and is_fiscal_year(int(year)) else current_fiscal_year()
    )
    context = {
        "fiscal_year": fiscal_year,
        "overall": selectors.csm_results(fiscal_year=fiscal_year),
        "by_service": selectors.csm_results_by_service(fiscal_year=fiscal_year),
        "by_mao": selectors.csm_results_by_mao(fiscal_year=fiscal_year),
        "comments": selectors.feedback_comments(fiscal_year=fiscal_year),
        "sqds": [f"sqd{number}" for number in range(9)],
    }
    return render(request, "community_portal/staff_feedback.html", context)


@area_required(*STAFF)
@require_POST
def staff_feedback_reply(request: HttpRequest, uid: str) -> HttpResponse:
    item = get_object_or_404(PortalFeedback, uid=uid)
    try:
        feedback.feedback_reply(feedback=item, acting_user=request.user, text=request.POST.get("text", ""))
    except ApplicationError as error:
        messages.error(request, error.message)
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("Reply published."))
    return redirect("community_portal:staff_feedback")
