"""Internal API of automation (JWT): thin views over automation's selectors and services.

Reads need "view" on meetings, writes "change" (calendar subscriptions only "view": they
are the user's own). What a MAO focal person may not see answers 404 (the selectors scope).
"""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from automation import selectors
from automation.api import serializers as s
from automation.filters import MeetingFilter, ReportFilter, SeriesFilter
from automation.services import calendars, meetings, reminders, reports, series
from automation.services._shared import RUNNERS_ONLY
from common.api.base import InternalAPIMixin
from common.permissions import Action, Area, area_rule, can, ensure_can

MEETINGS_RULE = area_rule(Area.MEETINGS, Action.VIEW)


def _valid(request: Request, serializer_class) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class MeetingsAPIView(InternalAPIMixin, APIView):
    access_rule = MEETINGS_RULE

    def valid(self, serializer_class) -> dict:
        return _valid(self.request, serializer_class)

    def runner_input(self, serializer_class) -> dict:
        """Input of a write only OOBC staff make: refused (403) before it is even read, after
        the object was found (another MAO's object stays a 404)."""
        ensure_can(self.request.user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
        return self.valid(serializer_class)

    def meeting_response(self, meeting, code=status.HTTP_200_OK) -> Response:
        fresh = selectors.meeting_get(user=self.request.user, uid=meeting.uid)
        context = {"runs_meetings": can(self.request.user, Area.MEETINGS, Action.CHANGE)}
        return Response(s.MeetingDetailSerializer(fresh, context=context).data, status=code)


class MeetingsListAPIView(InternalAPIMixin, generics.ListAPIView):
    access_rule = MEETINGS_RULE
    filter_backends = [DjangoFilterBackend]


# --- Series and generation -------------------------------------------------------------------


class SeriesListView(MeetingsListAPIView, generics.CreateAPIView):
    """Meeting series (a MAO focal person: the plenary and their own MAO's); staff create them."""

    serializer_class = s.MeetingSeriesSerializer
    filterset_class = SeriesFilter

    def get_queryset(self):
        return selectors.series_list(user=self.request.user)

    @extend_schema(request=s.MeetingSeriesCreateSerializer, responses={201: s.MeetingSeriesSerializer})
    def post(self, request: Request) -> Response:
        ensure_can(request.user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
        data = _valid(request, s.MeetingSeriesCreateSerializer)
        created = series.meeting_series_create(acting_user=request.user, **data)
        fresh = selectors.series_get(user=request.user, uid=created.uid)
        return Response(s.MeetingSeriesSerializer(fresh).data, status=status.HTTP_201_CREATED)


class SeriesDetailView(MeetingsAPIView):
    @extend_schema(responses=s.MeetingSeriesSerializer)
    def get(self, request: Request, uid) -> Response:
        return Response(s.MeetingSeriesSerializer(selectors.series_get(user=request.user, uid=uid)).data)

    @extend_schema(request=s.MeetingSeriesSettingsSerializer, responses=s.MeetingSeriesSerializer)
    def patch(self, request: Request, uid) -> Response:
        found = selectors.series_get(user=request.user, uid=uid)
        series.meeting_series_update(
            series=found, acting_user=request.user, **self.runner_input(s.MeetingSeriesSettingsSerializer)
        )
        return Response(s.MeetingSeriesSerializer(selectors.series_get(user=request.user, uid=uid)).data)


class GenerateView(MeetingsAPIView):
    """Generate a fiscal year (the plenary and every active MAO) or one series. Idempotent."""

    @extend_schema(request=s.MeetingGenerateSerializer, responses=s.MeetingGenerationResultSerializer)
    def post(self, request: Request) -> Response:
        data = self.runner_input(s.MeetingGenerateSerializer)
        if "series" in data:
            found = selectors.series_get(user=request.user, uid=data["series"])
            result = series.meeting_series_generate(series=found, acting_user=request.user)
        else:
            result = series.generate_quarterly_meetings_for_all_maos(
                fiscal_year=data["fiscal_year"], acting_user=request.user
            )
        return Response(result.as_dict())


# --- Meetings --------------------------------------------------------------------------------


class MeetingListView(MeetingsListAPIView):
    """Generated quarterly meetings, by fiscal year, quarter, series, MAO, status."""

    serializer_class = s.MeetingSerializer
    filterset_class = MeetingFilter

    def get_queryset(self):
        return selectors.meeting_list(user=self.request.user)


class MeetingDetailView(MeetingsAPIView):
    @extend_schema(responses=s.MeetingDetailSerializer)
    def get(self, request: Request, uid) -> Response:
        return self.meeting_response(selectors.meeting_find(user=request.user, uid=uid))

    @extend_schema(request=s.MeetingUpdateSerializer, responses=s.MeetingDetailSerializer)
    def patch(self, request: Request, uid) -> Response:
        meeting = selectors.meeting_find(user=request.user, uid=uid)
        meetings.meeting_update(
            engagement=meeting, acting_user=request.user, **self.runner_input(s.MeetingUpdateSerializer)
        )
        return self.meeting_response(meeting)


class MeetingRescheduleView(MeetingsAPIView):
    """Move a meeting: pending reminders follow, sent ones stay."""

    @extend_schema(request=s.MeetingRescheduleSerializer, responses=s.MeetingDetailSerializer)
    def post(self, request: Request, uid) -> Response:
        meeting = selectors.meeting_find(user=request.user, uid=uid)
        meetings.meeting_reschedule(
            engagement=meeting, acting_user=request.user, **self.runner_input(s.MeetingRescheduleSerializer)
        )
        return self.meeting_response(meeting)


class MeetingActionView(MeetingsAPIView):
    """POST runs one service on the meeting and answers with the meeting."""

    service = None

    @extend_schema(request=None, responses=s.MeetingDetailSerializer)
    def post(self, request: Request, uid) -> Response:
        meeting = selectors.meeting_find(user=request.user, uid=uid)
        type(self).service(engagement=meeting, acting_user=request.user)
        return self.meeting_response(meeting)


class MeetingCancelView(MeetingsAPIView):
    """Cancel the meeting, with the reason participants and calendars show; no reminder goes
    out for it any more."""

    @extend_schema(request=s.MeetingCancelSerializer, responses=s.MeetingDetailSerializer)
    def post(self, request: Request, uid) -> Response:
        meeting = selectors.meeting_find(user=request.user, uid=uid)
        data = self.runner_input(s.MeetingCancelSerializer)
        meetings.meeting_cancel(engagement=meeting, acting_user=request.user, reason=data.get("reason", ""))
        return self.meeting_response(meeting)


class MeetingReinstateView(MeetingActionView):
    """Bring a cancelled meeting back, with its reminders."""

    service = staticmethod(meetings.meeting_reinstate)


class MeetingCompleteView(MeetingActionView):
    """Mark a meeting held; its open action items carry over to the next quarter."""

    service = staticmethod(meetings.meeting_complete)


class MeetingSendRemindersView(MeetingsAPIView):
    """Remind every participant now, by email and in-app notification."""

    @extend_schema(request=None, responses={202: s.MeetingRemindersQueuedSerializer})
    def post(self, request: Request, uid) -> Response:
        meeting = selectors.meeting_find(user=request.user, uid=uid)
        queued = reminders.meeting_reminders_send_now(engagement=meeting, acting_user=request.user)
        return Response({"queued": queued}, status=status.HTTP_202_ACCEPTED)


class MeetingMinutesView(MeetingsAPIView):
    """Minutes: save (draft), circulate, return (to draft) or approve (records who and when)."""

    @extend_schema(request=s.MeetingMinutesSerializer, responses=s.MeetingDetailSerializer)
    def post(self, request: Request, uid) -> Response:
        meeting = selectors.meeting_find(user=request.user, uid=uid)
        meetings.meeting_minutes_record(
            engagement=meeting, acting_user=request.user, **self.runner_input(s.MeetingMinutesSerializer)
        )
        return self.meeting_response(meeting)


class MeetingActionItemsView(MeetingsAPIView):
    @extend_schema(
        request=s.MeetingActionItemCreateSerializer, responses={201: s.MeetingActionItemSerializer}
    )
    def post(self, request: Request, uid) -> Response:
        meeting = selectors.meeting_find(user=request.user, uid=uid)
        item = meetings.meeting_action_item_add(
            engagement=meeting,
            acting_user=request.user,
            **self.runner_input(s.MeetingActionItemCreateSerializer),
        )
        return Response(s.MeetingActionItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ActionItemDetailView(MeetingsAPIView):
    @extend_schema(request=s.MeetingActionItemUpdateSerializer, responses=s.MeetingActionItemSerializer)
    def patch(self, request: Request, uid) -> Response:
        item = selectors.action_item_get(user=request.user, uid=uid)
        data = self.runner_input(s.MeetingActionItemUpdateSerializer)
        meetings.meeting_action_item_update(action_item=item, acting_user=request.user, **data)
        return Response(s.MeetingActionItemSerializer(item).data)


class ParticipantDetailView(MeetingsAPIView):
    """RSVP and attendance (a MAO focal person: their own MAO's participants)."""

    @extend_schema(request=s.MeetingParticipantUpdateSerializer, responses=s.MeetingParticipantSerializer)
    def patch(self, request: Request, uid) -> Response:
        participant = selectors.participant_get(user=request.user, uid=uid)
        meetings.meeting_participant_answer(
            participant=participant,
            acting_user=request.user,
            **self.valid(s.MeetingParticipantUpdateSerializer),
        )
        return Response(s.MeetingParticipantSerializer(participant).data)


# --- Pre-meeting reports ---------------------------------------------------------------------


class MeetingReportView(MeetingsAPIView):
    """The focal person's MAO's report for this meeting: created and prefilled from its PPAs
    the first time, returned as it is afterwards."""

    @extend_schema(request=None, responses={201: s.PreMeetingReportSerializer})
    def post(self, request: Request, uid) -> Response:
        meeting = selectors.meeting_find(user=request.user, uid=uid)
        report = reports.pre_meeting_report_prepare(engagement=meeting, acting_user=request.user)
        return Response(s.PreMeetingReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ReportListView(MeetingsListAPIView):
    serializer_class = s.PreMeetingReportSerializer
    filterset_class = ReportFilter

    def get_queryset(self):
        return selectors.report_list(user=self.request.user)


class ReportDetailView(MeetingsAPIView):
    @extend_schema(responses=s.PreMeetingReportSerializer)
    def get(self, request: Request, uid) -> Response:
        return Response(s.PreMeetingReportSerializer(selectors.report_get(user=request.user, uid=uid)).data)

    @extend_schema(request=s.PreMeetingReportUpdateSerializer, responses=s.PreMeetingReportSerializer)
    def patch(self, request: Request, uid) -> Response:
        report = selectors.report_get(user=request.user, uid=uid)
        reports.pre_meeting_report_update(
            report=report, acting_user=request.user, **self.valid(s.PreMeetingReportUpdateSerializer)
        )
        return Response(s.PreMeetingReportSerializer(report).data)


class ReportRefreshView(MeetingsAPIView):
    """Take the figures again from the MAO's PPAs (the texts stay)."""

    @extend_schema(request=None, responses=s.PreMeetingReportSerializer)
    def post(self, request: Request, uid) -> Response:
        report = selectors.report_get(user=request.user, uid=uid)
        reports.pre_meeting_report_refresh(report=report, acting_user=request.user)
        return Response(s.PreMeetingReportSerializer(report).data)


class ReportSubmitView(MeetingsAPIView):
    @extend_schema(request=None, responses=s.PreMeetingReportSerializer)
    def post(self, request: Request, uid) -> Response:
        report = selectors.report_get(user=request.user, uid=uid)
        reports.pre_meeting_report_submit(report=report, acting_user=request.user)
        return Response(s.PreMeetingReportSerializer(report).data)


# --- Calendar subscriptions ------------------------------------------------------------------


class CalendarFeedListView(MeetingsListAPIView, generics.CreateAPIView):
    """Your calendar subscriptions. Creating one returns its secret URL once."""

    write_action = Action.VIEW  # a subscription is the user's own, not a change to meetings
    serializer_class = s.CalendarFeedSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.calendar_feed_list(user=self.request.user)

    @extend_schema(request=s.CalendarFeedCreateSerializer, responses={201: s.CalendarFeedCreatedSerializer})
    def post(self, request: Request) -> Response:
        data = _valid(request, s.CalendarFeedCreateSerializer)
        chosen = selectors.series_get(user=request.user, uid=data["series"]) if "series" in data else None
        feed, token = calendars.calendar_feed_create(
            acting_user=request.user, series=chosen, organization=data.get("organization")
        )
        feed.url = request.build_absolute_uri(calendars.calendar_feed_path(token))
        return Response(s.CalendarFeedCreatedSerializer(feed).data, status=status.HTTP_201_CREATED)


class CalendarFeedRevokeView(MeetingsAPIView):
    write_action = Action.VIEW

    @extend_schema(request=None, responses=s.CalendarFeedSerializer)
    def post(self, request: Request, uid) -> Response:
        feed = selectors.calendar_feed_get(user=request.user, uid=uid)
        calendars.calendar_feed_revoke(feed=feed, acting_user=request.user)
        return Response(s.CalendarFeedSerializer(feed).data)
