"""Internal API of the OCM dashboard: overview, geographic coverage, the overlap queue and
its review. The same filters as the page; invalid ones answer 400 naming the field.
The overview is served from what an earlier request or the snapshot computed on the same
data (see selectors/served.py); the rest is computed live (on the replica when there is one)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.base import InternalAPIMixin
from common.models import Sector
from common.permissions import Action, Area, area_rule
from ocm_dashboard.api.serializers import (
    BeneficiaryOverlapSerializer,
    GeographicCoverageSerializer,
    OverlapReviewInputSerializer,
    OverviewSerializer,
)
from ocm_dashboard.filters import DashboardFilterForm, DashboardFilters, OverlapFilter
from ocm_dashboard.selectors.dashboard import geographic_coverage
from ocm_dashboard.selectors.overlaps import overlap_get, overlap_list
from ocm_dashboard.selectors.served import overview_read
from ocm_dashboard.services.overlaps import overlap_review

VIEW = area_rule(Area.DASHBOARD, Action.VIEW)

FILTER_PARAMETERS = [
    OpenApiParameter("fiscal_year", OpenApiTypes.INT, description="Fiscal year (default: the current one)."),
    OpenApiParameter(
        "quarter", OpenApiTypes.INT, enum=[1, 2, 3, 4], description="PPAs active in that quarter."
    ),
    OpenApiParameter("sector", OpenApiTypes.STR, enum=Sector.values),
    OpenApiParameter("mao", OpenApiTypes.UUID, description="Implementing MAO (uid)."),
    OpenApiParameter("region", OpenApiTypes.STR, description="Region PSGC code."),
    OpenApiParameter("province", OpenApiTypes.STR, description="Province PSGC code."),
    OpenApiParameter("municipality", OpenApiTypes.STR, description="City or municipality PSGC code."),
    OpenApiParameter("community", OpenApiTypes.UUID, description="Community (uid): its PPAs."),
]


def dashboard_filters(request: Request) -> DashboardFilters:
    form = DashboardFilterForm(request.query_params)
    if not form.is_valid():
        raise DjangoValidationError(form.errors.as_data())
    return form.filters()


class OverviewApi(InternalAPIMixin, APIView):
    access_rule = VIEW

    @extend_schema(
        operation_id="ocm_dashboard_overview", parameters=FILTER_PARAMETERS, responses=OverviewSerializer
    )
    def get(self, request: Request) -> Response:
        """Headline figures with the breakdowns by MAO (with data freshness), sector,
        region and province. `served_from` says whether the answer was kept from an earlier
        computation on the same data ("precomputed") or computed for this request ("live")."""
        return Response(overview_read(filters=dashboard_filters(request)))


class GeographicCoverageApi(InternalAPIMixin, APIView):
    access_rule = VIEW

    @extend_schema(
        operation_id="ocm_dashboard_geographic_coverage",
        parameters=FILTER_PARAMETERS,
        responses=GeographicCoverageSerializer,
    )
    def get(self, request: Request) -> Response:
        """The drill-down: no place gives regions; a region its provinces and independent
        cities; a province its cities and municipalities; a city or municipality its
        communities; a community its PPAs."""
        return Response(geographic_coverage(filters=dashboard_filters(request)))


class BeneficiaryOverlapListApi(InternalAPIMixin, ListAPIView):
    """The overlap queue: undecided and serious first."""

    access_rule = VIEW
    serializer_class = BeneficiaryOverlapSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = OverlapFilter

    def get_queryset(self):
        return overlap_list()


class BeneficiaryOverlapDetailApi(InternalAPIMixin, RetrieveAPIView):
    access_rule = VIEW
    serializer_class = BeneficiaryOverlapSerializer

    def get_object(self):
        return overlap_get(uid=self.kwargs["uid"])


class BeneficiaryOverlapReviewApi(InternalAPIMixin, APIView):
    """Record a review decision (OOBC executives: the dashboard's CHANGE grant)."""

    access_rule = area_rule(Area.DASHBOARD, Action.CHANGE)

    @extend_schema(
        operation_id="ocm_dashboard_beneficiary_overlap_review",
        request=OverlapReviewInputSerializer,
        responses=BeneficiaryOverlapSerializer,
    )
    def post(self, request: Request, uid) -> Response:
        overlap = overlap_get(uid=uid)
        data = OverlapReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        overlap = overlap_review(overlap=overlap, acting_user=request.user, **data.validated_data)
        return Response(BeneficiaryOverlapSerializer(overlap_get(uid=overlap.uid)).data)
