"""Meeting pages (HTMX): the year view, series setup, a meeting's page, a MAO focal person's
meetings and reports, calendar subscriptions, and the .ics downloads and feeds.

Views are thin: read input with a form, call one service or selector, render. Every form
posts without JavaScript and redirects back (PRG); with htmx the section it changed is
rendered in place from the page's named partial.
"""

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from automation import selectors
from automation.forms import (
    ActionItemForm,
    ActionItemStatusForm,
    CalendarFeedForm,
    CancelForm,
    GenerateForm,
    MeetingDetailsForm,
    MinutesForm,
    ParticipantForm,
    ReportForm,
    RescheduleForm,
    SeriesCreateForm,
    SeriesSettingsForm,
)
from automation.ical import calendar_bytes, calendar_filename
from automation.schedule import MANILA, offsets_text
from automation.services import calendars, meetings, reminders, reports, series
from automation.services._shared import RUNNERS_ONLY
from automation.services.reports import speaks_for
from common.confirm import Confirmation, confirm_page, is_confirmed
from common.dates import FISCAL_YEAR_OUT_OF_RANGE, clamp_fiscal_year
from common.errors import ApplicationError
from common.forms import add_service_errors
from common.permissions import Action, Area, area_rule, can, ensure_can, public, requires

VIEW = requires(area_rule(Area.MEETINGS, Action.VIEW))
CHANGE = requires(area_rule(Area.MEETINGS, Action.CHANGE))


def _attempt(request: HttpRequest, form, action: Callable, success: str, *, announce: bool = False) -> bool:
    """Run a service with a bound, valid form's data; put its refusal on the form. A caller that
    redirects instead of showing the form again asks to `announce` the errors as a message."""
    ok = _attempt_on_form(request, form, action, success)
    if not ok and announce:
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    return ok


def _attempt_on_form(request: HttpRequest, form, action: Callable, success: str) -> bool:
    # The page's error summary lists what failed (templates/includes/error_summary.html),
    # so no vague "correct the errors below" message is added here.
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ApplicationError as exc:
        add_service_errors(form, exc)
        return False
    messages.success(request, success)
    return True


def _do(request: HttpRequest, action: Callable, success: str) -> None:
    """Run a service that takes no form input; a refusal becomes an error message."""
    try:
        action()
    except ApplicationError as exc:
        every = [message for field_messages in exc.fields.values() for message in field_messages]
        messages.error(request, "; ".join(every) or exc.message)
    else:
        messages.success(request, success)


# --- Year view and generation ----------------------------------------------------------------


@VIEW
@require_GET
def year(request: HttpRequest) -> HttpResponse:
    """A fiscal year's meetings by quarter, for the plenary and every MAO series. Without a
    year asked for, it opens on the fiscal year of the next meeting, where the work is."""
    upcoming = selectors.next_meeting(user=request.user)
    default_year = upcoming.fiscal_year if upcoming else timezone.localdate().year
    try:
        fiscal_year = int(request.GET.get("fiscal_year") or default_year)
    except ValueError:
        fiscal_year = default_year
    fiscal_year = clamp_fiscal_year(fiscal_year)
    quarters = selectors.meetings_by_quarter(user=request.user, fiscal_year=fiscal_year, filters=request.GET)
    context = {
        "next_meeting": upcoming,
        "fiscal_year": fiscal_year,
        "years": range(fiscal_year - 2, fiscal_year + 3),
        "quarters": quarters,
        "year_total": sum(len(meetings) for _, meetings in quarters),
        "series_choices": selectors.series_list(user=request.user, filters={"fiscal_year": fiscal_year}),
        "chosen_series": request.GET.get("series", ""),
        "can_run": can(request.user, Area.MEETINGS, Action.CHANGE),
        "generate_form": GenerateForm(initial={"fiscal_year": fiscal_year}),
    }
    template = "automation/year.html" + ("#quarters" if request.htmx else "")
    return render(request, template, context)


@CHANGE
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    """Generate a fiscal year (plenary and every active MAO), or one series when named."""
    ensure_can(request.user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    series_uid = request.POST.get("series")
    if series_uid:
        found = selectors.series_get(user=request.user, uid=_uid(series_uid))
        _do(
            request,
            lambda: series.meeting_series_generate(series=found, acting_user=request.user),
            f"Meetings of “{found.title}” generated.",
        )
        return redirect("automation:series-detail", uid=found.uid)
    form = GenerateForm(request.POST)
    if form.is_valid():
        fiscal_year = form.cleaned_data["fiscal_year"]
        result = series.generate_quarterly_meetings_for_all_maos(
            fiscal_year=fiscal_year, acting_user=request.user
        )
        messages.success(
            request,
            f"FY{fiscal_year}: {result.created} meetings created, {result.updated} moved to the current "
            f"rule, {result.kept_edited} edited meetings left as they are.",
        )
        return redirect(f"{_url('automation:year')}?fiscal_year={fiscal_year}")
    messages.error(request, FISCAL_YEAR_OUT_OF_RANGE)
    return redirect("automation:year")


def _uid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404("No such object.") from exc


def _url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs or None)


# --- Series ----------------------------------------------------------------------------------


@VIEW
@require_GET
def series_list(request: HttpRequest) -> HttpResponse:
    page = selectors.series_list(user=request.user, filters=request.GET)
    return render(
        request,
        "automation/series_list.html",
        {"series": page, "can_run": can(request.user, Area.MEETINGS, Action.CHANGE)},
    )


@CHANGE
@require_http_methods(["GET", "POST"])
def series_create(request: HttpRequest) -> HttpResponse:
    form = SeriesCreateForm(request.POST or None, maos=selectors.mao_choices())
    if request.method == "POST":
        ensure_can(request.user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
        created = {}

        def create(data):
            fields = {name: value for name, value in data.items() if name in form.fields}
            created["series"] = series.meeting_series_create(acting_user=request.user, **fields)

        if _attempt(request, form, create, "Series created. Generate it to create its four meetings."):
            return redirect("automation:series-detail", uid=created["series"].uid)
    return render(request, "automation/series_form.html", {"form": form})


@VIEW
@require_http_methods(["GET", "POST"])
def series_detail(request: HttpRequest, uid) -> HttpResponse:
    found = selectors.series_get(user=request.user, uid=uid)
    initial = {name: getattr(found, name) for name in SeriesSettingsForm.base_fields if hasattr(found, name)}
    initial["reminder_offsets"] = offsets_text(found.reminder_offsets)
    form = SeriesSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        ensure_can(request.user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)

        def update(data):
            fields = {name: value for name, value in data.items() if name != "title" or value}
            series.meeting_series_update(series=found, acting_user=request.user, **fields)

        if _attempt(
            request, form, update, "Series saved. Generate again to move the meetings nobody edited."
        ):
            return redirect("automation:series-detail", uid=found.uid)
    context = {
        "series": found,
        "form": form,
        "links": selectors.series_meetings(series=found),
        "can_run": can(request.user, Area.MEETINGS, Action.CHANGE),
    }
    return render(request, "automation/series_detail.html", context)


# --- A meeting's page ------------------------------------------------------------------------


def _meeting_context(request: HttpRequest, meeting) -> dict:
    access = selectors.meeting_access(user=request.user, meeting=meeting)
    runs = access["runs"]
    start = timezone.localtime(meeting.planned_start, MANILA)
    end = timezone.localtime(meeting.planned_end, MANILA)
    return {
        **access,
        "meeting": meeting,
        "series": meeting.series_link.series,
        "quarter": meeting.series_link.quarter,
        "start": start,
        "end": end,
        "participant_form": ParticipantForm(),
        "deadline": selectors.report_deadline(meeting),
        "reminders": selectors.reminder_summary(engagement=meeting) if runs else None,
        "reschedule_form": RescheduleForm(
            initial={"day": start.date(), "start_time": start.time(), "end_time": end.time()}
        ),
        "details_form": MeetingDetailsForm(
            initial={
                "title": meeting.title,
                "venue": meeting.venue,
                "online_link": meeting.online_link,
                "agenda": meeting.agenda,
            }
        ),
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
        "action_item_form": ActionItemForm(organizations=meeting.participating_organizations.all()),
        "status_form": ActionItemStatusForm(),
    }


def _meeting_page(request: HttpRequest, uid, partial: str = "", **extra) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, uid=uid)
    context = {**_meeting_context(request, meeting), **extra}
    template = "automation/meeting.html" + (f"#{partial}" if partial and request.htmx else "")
    return render(request, template, context)


def _back_to_meeting(request: HttpRequest, uid, partial: str, **extra) -> HttpResponse:
    """With htmx, the changed section in place; without, back to the page (PRG)."""
    if request.htmx:
        return _meeting_page(request, uid, partial, **extra)
    return redirect("automation:meeting", uid=uid)


@VIEW
@require_GET
def meeting(request: HttpRequest, uid) -> HttpResponse:
    return _meeting_page(request, uid)


@VIEW
@require_GET
def meeting_ics(request: HttpRequest, uid) -> HttpResponse:
    """The meeting as an .ics file (same UID as in the feeds, so importing it twice updates it)."""
    found = selectors.meeting_find(user=request.user, uid=uid)
    body = calendar_bytes([found], name=found.title, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar_filename(found.title)}"'
    return response


@CHANGE
@require_POST
def meeting_schedule(request: HttpRequest, uid) -> HttpResponse:
    found = selectors.meeting_find(user=request.user, uid=uid)
    ensure_can(request.user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    form = RescheduleForm(request.POST)

    def move(data):
        meetings.meeting_reschedule(
            engagement=found,
            acting_user=request.user,
            planned_start=data["planned_start"],
            planned_end=data["planned_end"],
        )

    if _attempt(request, form, move, "Meeting moved; pending reminders follow the new time."):
        return _back_to_meeting(request, uid, "schedule")
    return _meeting_page(request, uid, "schedule", reschedule_form=form)


@CHANGE
@require_POST
def meeting_details(request: HttpRequest, uid) -> HttpResponse:
    found = selectors.meeting_find(user=request.user, uid=uid)
    ensure_can(request.user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    form = MeetingDetailsForm(request.POST)
    if _attempt(
        request,
        form,
        lambda data: meetings.meeting_update(engagement=found, acting_user=request.user, **data),
        "Meeting details saved.",
    ):
        return _back_to_meeting(request, uid, "schedule")
    return _meeting_page(request, uid, "schedule", details_form=form)


def _meeting_action(service: Callable, success: str) -> Callable:
    """A POST that runs one service on a meeting and goes back to its page."""

    @CHANGE
    @require_POST
    def view(request: HttpRequest, uid) -> HttpResponse:
        found = selectors.meeting_find(user=request.user, uid=uid)
        _do(request, lambda: service(engagement=found, acting_user=request.user), success)
        return redirect("automation:meeting", uid=uid)

    return view


meeting_complete = _meeting_action(
    meetings.meeting_complete, "Meeting marked as held; open action items carried over to the next quarter."
)
meeting_reinstate = _meeting_action(
    meetings.meeting_reinstate, "Meeting reinstated; participants were told and reminders are planned again."
)


@CHANGE
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, uid) -> HttpResponse:
    """Asks first (with the reason participants will see); cancels only on the confirmed POST."""
    found = selectors.meeting_find(user=request.user, uid=uid)
    ensure_can(request.user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    form = CancelForm(request.POST if is_confirmed(request) else None)
    if is_confirmed(request) and _attempt(
        request,
        form,
        lambda data: meetings.meeting_cancel(
            engagement=found, acting_user=request.user, reason=data["reason"]
        ),
        "Meeting cancelled; participants were told why.",
    ):
        return redirect("automation:meeting", uid=uid)
    when = timezone.localtime(found.planned_start, MANILA)
    confirmation = Confirmation(
        title=f"Cancel {found.title}?",
        action_url=_url("automation:meeting-cancel", uid=uid),
        button="Cancel the meeting",
        back_url=_url("automation:meeting", uid=uid),
        back_label="No, keep the meeting",
        consequences=[
            f"The meeting on {when:%A %d %B %Y} is marked cancelled, with your reason, on its page "
            "and in every subscribed calendar.",
            f"{found.participants.count()} participants are told; no more reminders go out.",
            "It can be reinstated later from its page.",
        ],
        form=form,
    )
    return confirm_page(request, confirmation, status=400 if form.is_bound else 200)


@CHANGE
@require_http_methods(["GET", "POST"])
def meeting_send_reminders(request: HttpRequest, uid) -> HttpResponse:
    """Says how many people will be messaged; sends only on the confirmed POST."""
    found = selectors.meeting_find(user=request.user, uid=uid)
    ensure_can(request.user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    if is_confirmed(request):
        _do(
            request,
            lambda: reminders.meeting_reminders_send_now(engagement=found, acting_user=request.user),
            "Reminders are on their way to everyone (email and in-app).",
        )
        return redirect("automation:meeting", uid=uid)
    people, messages_count = selectors.meeting_reminders_audience(engagement=found)
    confirmation = Confirmation(
        title=f"Remind everyone about {found.title} now?",
        action_url=_url("automation:meeting-send-reminders", uid=uid),
        button=f"Send {messages_count} reminders to {people} people",
        back_url=_url("automation:meeting", uid=uid),
        consequences=[
            f"{people} people are messaged now: {messages_count} messages in all (email, in-app"
            f"{', SMS' if found.series_link.series.sms_reminders else ''}).",
            "The scheduled reminders still go out at their times.",
        ],
        danger=False,
        busy=True,
    )
    return confirm_page(request, confirmation)


@CHANGE
@require_POST
def meeting_minutes(request: HttpRequest, uid) -> HttpResponse:
    found = selectors.meeting_find(user=request.user, uid=uid)
    ensure_can(request.user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    form = MinutesForm(request.POST)

    def record(data):
        minutes = data["minutes"] if data["action"] == "save" else None
        meetings.meeting_minutes_record(
            engagement=found, acting_user=request.user, action=data["action"], minutes=minutes
        )

    if _attempt(request, form, record, "Minutes updated."):
        return _back_to_meeting(request, uid, "minutes")
    return _meeting_page(request, uid, "minutes", minutes_form=form)


@CHANGE
@require_POST
def meeting_action_item_add(request: HttpRequest, uid) -> HttpResponse:
    found = selectors.meeting_find(user=request.user, uid=uid)
    ensure_can(request.user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    form = ActionItemForm(request.POST, organizations=found.participating_organizations.all())
    if _attempt(
        request,
        form,
        lambda data: meetings.meeting_action_item_add(engagement=found, acting_user=request.user, **data),
        "Action item added.",
    ):
        return _back_to_meeting(request, uid, "action-items")
    return _meeting_page(request, uid, "action-items", action_item_form=form)


@CHANGE
@require_POST
def action_item_update(request: HttpRequest, uid) -> HttpResponse:
    item = selectors.action_item_get(user=request.user, uid=uid)
    ensure_can(request.user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    form = ActionItemStatusForm(request.POST)
    _attempt(
        request,
        form,
        lambda data: meetings.meeting_action_item_update(action_item=item, acting_user=request.user, **data),
        "Action item updated.",
        announce=True,
    )
    return _back_to_meeting(request, item.engagement.uid, "action-items")


@CHANGE
@require_POST
def participant_update(request: HttpRequest, uid) -> HttpResponse:
    participant = selectors.participant_get(user=request.user, uid=uid)
    form = ParticipantForm(request.POST)
    _attempt(
        request,
        form,
        lambda data: meetings.meeting_participant_answer(
            participant=participant, acting_user=request.user, **data
        ),
        f"Saved for {participant.display_name}.",
        announce=True,
    )
    return _back_to_meeting(request, participant.engagement.uid, "participants")


@CHANGE
@require_POST
def meeting_report(request: HttpRequest, uid) -> HttpResponse:
    """Open (creating and prefilling it the first time) the user's MAO's report for a meeting."""
    found = selectors.meeting_find(user=request.user, uid=uid)
    try:
        report = reports.pre_meeting_report_prepare(engagement=found, acting_user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("automation:meeting", uid=uid)
    return redirect("automation:report", uid=report.uid)


# --- Pre-meeting reports and the focal person's view -----------------------------------------


@VIEW
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, uid) -> HttpResponse:
    found = selectors.report_get(user=request.user, uid=uid)
    form = ReportForm(
        request.POST or None,
        initial={
            "accomplishments": found.accomplishments,
            "challenges": found.challenges,
            "plans": found.plans,
        },
    )
    if request.method == "POST" and request.POST.get("action") == "refresh":
        _do(
            request,
            lambda: reports.pre_meeting_report_refresh(report=found, acting_user=request.user),
            "Figures taken again from your PPAs.",
        )
        return redirect("automation:report", uid=found.uid)
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        if _attempt(
            request,
            form,
            lambda data: reports.pre_meeting_report_update(
                report=found, acting_user=request.user, submit=submit, **data
            ),
            "Report submitted to OOBC." if submit else "Report saved.",
        ):
            return redirect("automation:report", uid=found.uid)
    context = {
        "report": found,
        "form": form,
        "deadline": selectors.report_deadline(found.engagement),
        "editable": speaks_for(request.user, found.organization_id) and found.status == "draft",
    }
    return render(request, "automation/report.html", context)


@VIEW
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """A MAO focal person's upcoming meetings and the reports their MAO still owes."""
    upcoming = selectors.meeting_list(user=request.user, filters={"upcoming": "true"})[:20]
    context = {"upcoming": upcoming, "pending": selectors.pending_reports(user=request.user)}
    return render(request, "automation/mine.html", context)


# --- Calendar subscriptions and feeds --------------------------------------------------------


@VIEW
@require_http_methods(["GET", "POST"])
def calendar_feeds(request: HttpRequest) -> HttpResponse:
    """Your secret subscription URLs. A new one is shown once, right after it is created."""
    visible_series = selectors.series_list(user=request.user, filters={"is_active": "true"})
    maos = selectors.feed_mao_choices(user=request.user)
    form = CalendarFeedForm(request.POST or None, series=visible_series, maos=maos)
    new_url = ""
    if request.method == "POST" and form.is_valid():
        kind, _, subject_uid = form.cleaned_data["subject"].partition(":")
        chosen = selectors.series_get(user=request.user, uid=_uid(subject_uid)) if kind == "series" else None
        organization = maos.filter(uid=_uid(subject_uid)).first() if kind == "mao" else None
        try:
            _, token = calendars.calendar_feed_create(
                acting_user=request.user, series=chosen, organization=organization
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            new_url = request.build_absolute_uri(calendars.calendar_feed_path(token))
    context = {"form": form, "feeds": selectors.calendar_feed_list(user=request.user), "new_url": new_url}
    return render(request, "automation/calendar_feeds.html", context)


@VIEW
@require_http_methods(["GET", "POST"])
def calendar_feed_revoke(request: HttpRequest, uid) -> HttpResponse:
    """Asks first: a revoked address stops working in every calendar that subscribed to it."""
    feed = selectors.calendar_feed_get(user=request.user, uid=uid)
    if is_confirmed(request):
        calendars.calendar_feed_revoke(feed=feed, acting_user=request.user)
        messages.success(request, _("Subscription revoked: its URL no longer works."))
        return redirect("automation:calendar-feeds")
    subject = feed.series.title if feed.series_id else f"all meetings of {feed.organization.label}"
    confirmation = Confirmation(
        title="Revoke this calendar address?",
        action_url=_url("automation:calendar-feed-revoke", uid=uid),
        button="Revoke the address",
        back_url=_url("automation:calendar-feeds"),
        consequences=[
            f"The address starting {feed.token_hint}… ({subject}) stops working at once.",
            "Every calendar subscribed to it stops receiving updates; this cannot be undone "
            "(you can create a new address).",
        ],
    )
    return confirm_page(request, confirmation)


@public
@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription feed. The secret token is the only credential: unknown or revoked
    answers 404, like a URL that never existed."""
    feed = selectors.calendar_feed_by_token(token)
    if feed is None:
        raise Http404("No such calendar.")
    calendars.calendar_feed_touch(feed=feed)
    subject = feed.series.title if feed.series_id else f"{feed.organization.label} meetings"
    body = calendar_bytes(
        selectors.calendar_feed_meetings(feed=feed),
        name=f"OBCMS: {subject}",
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{calendar_filename(subject)}"'
    return response
