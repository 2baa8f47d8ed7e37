"""Public API of the catalog (/api/v1/public/catalog/...): anonymous, throttled per client
IP, published entries only, public fields only. The requester's name and contact never
appear in any response."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from common.api.base import PublicAPIMixin
from common.models import Sector
from common.selectors.geography import barangay_find
from service_catalog import selectors
from service_catalog.models import RequestChannel, RequestStatus, ServiceRequest
from service_catalog.privacy import PRIVACY_NOTICE_VERSION
from service_catalog.services.requests import service_request_submit
from service_catalog.sla import SLA_STATE_LABELS

# --- Serializers --------------------------------------------------------------------------


class MaoSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    name = serializers.CharField()
    acronym = serializers.CharField()


class ServiceListItemSerializer(serializers.Serializer):
    """One row of the cached public list (a plain dict, see selectors.public_entry_row)."""

    uid = serializers.UUIDField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    sector = serializers.ChoiceField(choices=Sector.choices)
    mao = serializers.SerializerMethodField()
    classification = serializers.CharField()
    processing_days = serializers.IntegerField(help_text="The Citizen's Charter ceiling in working days.")
    accepting_requests = serializers.BooleanField()
    coverage = serializers.CharField()
    illustrative = serializers.BooleanField(help_text="True for demo content written for illustration.")

    @extend_schema(exclude=False)
    def get_mao(self, row) -> MaoSerializer:
        return {"uid": row["mao_uid"], "name": row["mao_name"], "acronym": row["mao_acronym"]}


class RequirementSerializer(serializers.Serializer):
    requirement = serializers.CharField()
    where_to_secure = serializers.CharField()


class StepSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    client_action = serializers.CharField()
    agency_action = serializers.CharField()
    fee = serializers.DecimalField(max_digits=14, decimal_places=2)
    duration_minutes = serializers.IntegerField(help_text="Working minutes; a working day is 480.")
    responsible_office = serializers.CharField()


class ServiceDetailSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()
    sector = serializers.ChoiceField(choices=Sector.choices)
    mao = MaoSerializer()
    ppa_title = serializers.CharField(source="ppa.title", default="", help_text="The PPA that funds it.")
    who_may_avail = serializers.CharField()
    eligibility_criteria = serializers.CharField()
    classification = serializers.CharField()
    processing_days = serializers.IntegerField(source="processing_ceiling_days")
    requirements = RequirementSerializer(many=True)
    steps = StepSerializer(many=True)
    fees_note = serializers.CharField()
    complaint_procedure = serializers.CharField()
    slots = serializers.IntegerField(allow_null=True)
    accepting_requests = serializers.BooleanField()
    contact_office = serializers.CharField()
    contact_email = serializers.EmailField()
    contact_phone = serializers.CharField()
    illustrative = serializers.BooleanField(source="is_illustrative")


class HistorySerializer(serializers.Serializer):
    status = serializers.CharField(source="to_status")
    status_label = serializers.SerializerMethodField()
    at = serializers.DateTimeField(source="created_at")
    note = serializers.CharField(source="public_text")

    def get_status_label(self, change) -> str:
        return RequestStatus(change.to_status).label


class RequestStatusSerializer(serializers.Serializer):
    """A request as the public may see it: no name, no contact, no details."""

    tracking_code = serializers.CharField()
    service = serializers.SerializerMethodField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    submitted_at = serializers.DateTimeField(source="created_at")
    status_changed_at = serializers.DateTimeField()
    municipality = serializers.CharField(source="barangay.municipality.name", default=None)
    sla = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    @extend_schema(exclude=False)
    def get_service(self, service_request) -> dict[str, str]:
        service = service_request.service
        return {"slug": service.slug, "title": service.title, "mao": service.mao.label}

    @extend_schema(exclude=False)
    def get_sla(self, service_request) -> dict[str, str | int | None]:
        state = selectors.request_sla_state(service_request)
        return {
            "working_days": service_request.sla_working_days,
            "paused_working_days": service_request.sla_paused_working_days,
            "due_on": None if service_request.sla_paused else service_request.sla_due_on.isoformat(),
            "state": state,
            "state_label": SLA_STATE_LABELS[state],
        }

    @extend_schema(exclude=False)
    def get_history(self, service_request) -> HistorySerializer(many=True):
        return HistorySerializer(selectors.public_history(service_request), many=True).data


class RequestCreateSerializer(serializers.Serializer):
    service = serializers.CharField(max_length=80, help_text="The service's slug or uid.")
    requester_name = serializers.CharField(max_length=120)
    requester_email = serializers.EmailField(max_length=254, required=False, default="")
    requester_phone = serializers.CharField(max_length=32, required=False, default="")
    barangay = serializers.CharField(max_length=10, help_text="The barangay's 10-digit PSGC code.")
    location_details = serializers.CharField(max_length=200, required=False, default="")
    details = serializers.CharField(max_length=2000)
    beneficiaries = serializers.IntegerField(min_value=1, max_value=100_000, default=1)
    privacy_consent = serializers.BooleanField(
        help_text="Must be true: the requester agrees to the privacy notice."
    )
    privacy_notice_version = serializers.CharField(
        max_length=20, help_text=f"The version of the notice agreed to (now {PRIVACY_NOTICE_VERSION})."
    )

    def validate_service(self, value):
        try:
            return selectors.public_entry_get(key=value)
        except Http404 as exc:
            raise serializers.ValidationError(_("No published service has this slug or uid.")) from exc

    def validate_barangay(self, value):
        barangay = barangay_find(psgc_code=value)
        if barangay is None:
            raise serializers.ValidationError(_("No barangay has this PSGC code."))
        return barangay

    def validate_privacy_consent(self, value):
        if value is not True:
            raise serializers.ValidationError(_("The requester must agree to the privacy notice."))
        return value


class RequestCreatedSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    status = serializers.CharField()
    sla_due_on = serializers.DateField()
    status_url = serializers.CharField(help_text="The public status page of the request.")


# --- Views --------------------------------------------------------------------------------

LIST_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words to search for (full text)."),
    OpenApiParameter("sector", OpenApiTypes.STR, enum=Sector.values),
    OpenApiParameter("mao", OpenApiTypes.UUID, description="The uid of the MAO."),
    OpenApiParameter("region", OpenApiTypes.STR, description="PSGC code of a region (IX, X, XI or XII)."),
]


@extend_schema(tags=["catalog"], parameters=LIST_PARAMETERS)
class ServiceListView(PublicAPIMixin, generics.ListAPIView):
    """Published services, best match first when searching. Cached; a change to an entry
    shows at once."""

    serializer_class = ServiceListItemSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.public_entries(filters=self.request.query_params)


@extend_schema(tags=["catalog"])
class ServiceDetailView(PublicAPIMixin, generics.GenericAPIView):
    """One published service with its Citizen's Charter, by slug or uid."""

    serializer_class = ServiceDetailSerializer
    filter_backends: list = []

    def get(self, request, slug: str):
        return Response(self.get_serializer(selectors.public_entry_get(key=slug)).data)


@extend_schema(tags=["catalog"])
class RequestCreateView(PublicAPIMixin, generics.GenericAPIView):
    """File a request. Answers the tracking code to follow it with."""

    serializer_class = RequestCreateSerializer
    filter_backends: list = []

    @extend_schema(request=RequestCreateSerializer, responses={201: RequestCreatedSerializer})
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("privacy_consent")
        service_request: ServiceRequest = service_request_submit(channel=RequestChannel.API, **data)
        path = reverse("service_catalog:request_status", kwargs={"code": service_request.tracking_code})
        body = {
            "tracking_code": service_request.tracking_code,
            "status": service_request.status,
            "sla_due_on": service_request.sla_due_on,
            "status_url": request.build_absolute_uri(path),
        }
        return Response(RequestCreatedSerializer(body).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["catalog"])
class RequestStatusView(PublicAPIMixin, generics.GenericAPIView):
    """The public status of a request by its tracking code (404 if unknown)."""

    serializer_class = RequestStatusSerializer
    filter_backends: list = []

    def get(self, request, code: str):
        return Response(self.get_serializer(selectors.public_request_get(code=code.upper())).data)
