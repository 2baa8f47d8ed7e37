"""Internal API of reporting: ask for a report (202 with its id and status URL), follow its
progress, list what the caller may see, download the file, list schedules. Scoped by the
`reports` area of the matrix; report ids are UUIDs."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.base import InternalAPIMixin
from common.permissions import Action, Area, area_rule
from reporting import selectors
from reporting.api.serializers import GenerateSerializer, ReportSerializer, ScheduleSerializer
from reporting.services.reports import report_request
from reporting.views import file_response

REPORTS_VIEW = area_rule(Area.REPORTS, Action.VIEW)


class ReportMixin(InternalAPIMixin):
    access_rule = REPORTS_VIEW


class ReportGenerateView(ReportMixin, APIView):
    @extend_schema(summary="Generate a report", request=GenerateSerializer, responses={202: ReportSerializer})
    def post(self, request: Request) -> Response:
        serializer = GenerateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        report = report_request(
            acting_user=request.user, kind=data.pop("kind"), file_format=data.pop("format"), parameters=data
        )
        body = ReportSerializer(report).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]})


@extend_schema(summary="Reports the caller may see, newest first")
class ReportListView(ReportMixin, generics.ListAPIView):
    serializer_class = ReportSerializer

    def get_queryset(self):
        return selectors.report_list(user=self.request.user)


@extend_schema(summary="One report's status and progress")
class ReportDetailView(ReportMixin, generics.RetrieveAPIView):
    serializer_class = ReportSerializer

    def get_object(self):
        return selectors.report_get(user=self.request.user, uid=self.kwargs["uid"])


class ReportDownloadView(ReportMixin, APIView):
    @extend_schema(
        summary="Download a finished report's file",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, uid) -> Response:
        return file_response(selectors.report_get(user=request.user, uid=uid))


@extend_schema(summary="Report schedules the caller may see")
class ScheduleListView(ReportMixin, generics.ListAPIView):
    serializer_class = ScheduleSerializer

    def get_queryset(self):
        return selectors.schedule_list(user=self.request.user)
