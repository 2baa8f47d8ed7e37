"""Internal API of the PPA register: list, create, read and change PPAs, their progress
reports and indicators. Thin: serializers check input, selectors read, services write."""

from collections.abc import Callable

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from common.api.base import InternalAPIMixin
from common.api.filters import SearchFilter
from common.api.pagination import KeysetPagination
from common.permissions import Action, Area, area_rule
from monitoring.api.serializers import (
    PpaDetailSerializer,
    PpaIndicatorSerializer,
    PpaProgressReportSerializer,
    PpaProgressReportWriteSerializer,
    PpaSummarySerializer,
    PpaWriteSerializer,
)
from monitoring.filters import PpaFilter
from monitoring.models import MonitoringEntry
from monitoring.selectors import (
    DEFAULT_ORDERING,
    indicator_list,
    ppa_find,
    ppa_get,
    ppa_list,
    progress_report_list,
)
from monitoring.services.ppas import ppa_create, ppa_progress_report, ppa_update

REGISTRY_VIEW = area_rule(Area.REGISTRY, Action.VIEW)


class StableOrderingFilter(OrderingFilter):
    """Any requested ordering ends with the primary key, so rows with equal sort values
    never move between pages."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        return [*ordering, "pk"] if ordering and "pk" not in ordering else ordering


class PpaMixin(InternalAPIMixin):
    access_rule = REGISTRY_VIEW

    def find_ppa(self) -> MonitoringEntry:
        """The PPA named in the URL, if the user may see it (404 otherwise)."""
        return ppa_find(user=self.request.user, uid=self.kwargs["uid"])


class PpaPartsMixin(PpaMixin):
    """A list of one PPA's parts (reports, indicators): 404 unless the PPA is visible."""

    filter_backends: list = []
    parts: Callable[..., QuerySet]  # the selector, called with ppa=

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation: there is no PPA
            return self.serializer_class.Meta.model.objects.none()
        return self.parts(ppa=self.find_ppa())


@extend_schema_view(
    get=extend_schema(summary="List PPAs and OBC requests", responses=PpaSummarySerializer(many=True)),
    post=extend_schema(
        summary="Record a PPA or OBC request",
        request=PpaWriteSerializer,
        responses={201: PpaDetailSerializer},
    ),
)
class PpaListView(PpaMixin, generics.ListCreateAPIView):
    """The PPA register. MAO focal persons see and record only their own MAO's PPAs."""

    serializer_class = PpaSummarySerializer
    filterset_class = PpaFilter
    filter_backends = [DjangoFilterBackend, SearchFilter, StableOrderingFilter]
    search_fields = ["title", "description", "implementing_mao__name", "implementing_mao__acronym"]
    ordering_fields = ["title", "fiscal_year", "budget_allocated", "progress", "updated_at"]
    ordering = list(DEFAULT_ORDERING)
    # Keyset pages: no page counts the register, and rows added meanwhile never shift a page.
    pagination_class = KeysetPagination

    def get_queryset(self):
        return ppa_list(user=self.request.user)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = PpaWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ppa = ppa_create(acting_user=request.user, **serializer.validated_data)
        body = PpaDetailSerializer(ppa_get(user=request.user, uid=ppa.uid)).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary="One PPA with its communities, needs, indicators and latest reports"),
    put=extend_schema(summary="Change a PPA", request=PpaWriteSerializer, responses=PpaDetailSerializer),
    patch=extend_schema(
        summary="Change some fields of a PPA", request=PpaWriteSerializer, responses=PpaDetailSerializer
    ),
)
class PpaDetailView(PpaMixin, generics.RetrieveUpdateAPIView):
    serializer_class = PpaDetailSerializer
    queryset = MonitoringEntry.objects.none()  # objects come from ppa_get (scoped)

    def get_object(self) -> MonitoringEntry:
        return ppa_get(user=self.request.user, uid=self.kwargs["uid"])

    def update(self, request: Request, *args, **kwargs) -> Response:
        ppa = self.find_ppa()
        serializer = PpaWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        ppa_update(ppa=ppa, acting_user=request.user, **serializer.validated_data)
        return Response(PpaDetailSerializer(self.get_object()).data)


@extend_schema_view(
    get=extend_schema(summary="A PPA's progress reports, newest first"),
    post=extend_schema(
        summary="Report progress on a PPA",
        description="The PPA takes the report's progress, status and utilised budget when the "
        "report is its latest.",
        request=PpaProgressReportWriteSerializer,
        responses={201: PpaProgressReportSerializer},
    ),
)
class PpaUpdatesView(PpaPartsMixin, generics.ListCreateAPIView):
    serializer_class = PpaProgressReportSerializer
    parts = staticmethod(progress_report_list)

    def create(self, request: Request, *args, **kwargs) -> Response:
        ppa = self.find_ppa()
        serializer = PpaProgressReportWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = ppa_progress_report(ppa=ppa, acting_user=request.user, **serializer.validated_data)
        return Response(PpaProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(summary="A PPA's outcome and output indicators"))
class PpaIndicatorsView(PpaPartsMixin, generics.ListAPIView):
    serializer_class = PpaIndicatorSerializer
    parts = staticmethod(indicator_list)
