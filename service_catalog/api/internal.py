"""Staff API of the catalog (/api/v1/internal/catalog/...): entries with their charter and
the request triage. Catalog editors only (CHANGE on the catalog: OOBC executives and staff,
MAO focal persons for their own MAO; another MAO's object is a 404). Reads need CHANGE too:
a request carries the requester's confidential contact."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from common.api.base import InternalAPIMixin
from common.models import Province, Region, User
from common.permissions import Action, Area, area_rule
from coordination.models import Organization
from monitoring.models import MonitoringEntry
from service_catalog import selectors
from service_catalog.models import EntryStatus, RequestStatus, ServiceCatalogEntry, ServiceRequest
from service_catalog.services.entries import ENTRY_FIELDS, entry_create, entry_set_status, entry_update
from service_catalog.services.requests import (
    service_request_assign,
    service_request_respond,
)

CATALOG_EDITORS = area_rule(Area.CATALOG, Action.CHANGE)


@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.ChoiceField):
    """A choice given as its code. A plain string in the schema: names like "status" and
    "classification" carry other choice sets elsewhere in the internal API."""


class _CodeChoices:
    serializer_choice_field = CodeField


# --- Serializers (component names start with "Catalog": the internal schema is shared) -----


class CatalogRequirementSerializer(serializers.Serializer):
    requirement = serializers.CharField(max_length=300)
    where_to_secure = serializers.CharField(max_length=300)


class CatalogStepSerializer(serializers.Serializer):
    client_action = serializers.CharField(max_length=300)
    agency_action = serializers.CharField(max_length=300)
    fee = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, default=0)
    duration_minutes = serializers.IntegerField(
        min_value=1, help_text="Working minutes; a working day is 480."
    )
    responsible_office = serializers.CharField(max_length=200)


class CatalogEntrySerializer(_CodeChoices, serializers.ModelSerializer):
    mao = serializers.SlugRelatedField(
        slug_field="uid", queryset=Organization.objects.maos(), required=False, help_text="The MAO's uid."
    )
    ppa = serializers.SlugRelatedField(
        slug_field="uid", queryset=MonitoringEntry.objects.ppas(), required=False, allow_null=True
    )
    coverage_regions = serializers.SlugRelatedField(
        slug_field="psgc_code", queryset=Region.objects.all(), many=True, required=False
    )
    coverage_provinces = serializers.SlugRelatedField(
        slug_field="psgc_code", queryset=Province.objects.all(), many=True, required=False
    )
    requirements = CatalogRequirementSerializer(many=True, required=False)
    steps = CatalogStepSerializer(many=True, required=False)

    class Meta:
        model = ServiceCatalogEntry
        fields = [
            "uid",
            "slug",
            "status",
            "mao",
            *ENTRY_FIELDS,
            "coverage_regions",
            "coverage_provinces",
            "requirements",
            "steps",
            "published_at",
            "updated_at",
        ]
        read_only_fields = ["uid", "slug", "status", "published_at", "updated_at"]
        # Model validation (constraints, slug) is the service's: the serializer checks shape.
        validators: list = []


class CatalogEntryListSerializer(_CodeChoices, serializers.ModelSerializer):
    mao = serializers.CharField(source="mao.label")
    open_request_count = serializers.IntegerField()

    class Meta:
        model = ServiceCatalogEntry
        fields = ["uid", "slug", "title", "mao", "sector", "classification", "status", "open_request_count"]


class CatalogEntryStatusSerializer(serializers.Serializer):
    status = CodeField(choices=EntryStatus.choices, help_text="draft, published or archived")


class CatalogHistorySerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    changed_by = serializers.CharField(source="changed_by.username", default=None)
    public_note = serializers.CharField()
    internal_note = serializers.CharField()
    notified_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField()


class CatalogRequestListSerializer(_CodeChoices, serializers.ModelSerializer):
    service = serializers.CharField(source="service.title")
    mao = serializers.CharField(source="service.mao.label")
    municipality = serializers.CharField(source="barangay.municipality.name", default=None)
    assigned_to = serializers.CharField(source="assigned_to.username", default=None)
    sla_state = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRequest
        fields = [
            "uid",
            "tracking_code",
            "service",
            "mao",
            "municipality",
            "status",
            "sla_due_on",
            "sla_state",
            "assigned_to",
            "created_at",
        ]

    def get_sla_state(self, service_request) -> str:
        return selectors.request_sla_state(service_request)


class CatalogRequestSerializer(CatalogRequestListSerializer):
    """With the requester: confidential, for the staff who handle the request."""

    barangay = serializers.CharField(source="barangay.psgc_code", default=None)
    history = CatalogHistorySerializer(many=True)

    class Meta(CatalogRequestListSerializer.Meta):
        fields = [
            *CatalogRequestListSerializer.Meta.fields,
            "requester_name",
            "requester_email",
            "requester_phone",
            "barangay",
            "placement",
            "latitude",
            "longitude",
            "location_details",
            "language",
            "details",
            "beneficiaries",
            "privacy_notice_version",
            "consent_given_at",
            "channel",
            "sla_working_days",
            "sla_paused_working_days",
            "resolved_on",
            "history",
        ]


class CatalogTransitionSerializer(serializers.Serializer):
    to_status = CodeField(
        choices=RequestStatus.choices,
        required=False,
        allow_blank=True,
        help_text=f"One of {', '.join(RequestStatus.values)}; empty for a note only.",
    )
    public_note = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True)
    internal_note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class CatalogAssignSerializer(serializers.Serializer):
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True, help_text="A user id, or null."
    )


# --- Views --------------------------------------------------------------------------------


class _CatalogAPI(InternalAPIMixin):
    access_rule = CATALOG_EDITORS
    write_action = Action.CHANGE


def _entry_arguments(data: dict) -> dict:
    data = dict(data)
    for name in ("requirements", "steps"):
        if name in data:
            data[name] = [dict(row) for row in data[name]]
    return data


@extend_schema(tags=["catalog"])
class EntryListView(_CatalogAPI, generics.ListCreateAPIView):
    """Catalog entries of the user's MAO (all MAOs for OOBC); create one (a draft)."""

    filter_backends: list = []

    def get_queryset(self):
        return selectors.entry_list(user=self.request.user, filters=self.request.query_params)

    def get_serializer_class(self):
        return CatalogEntrySerializer if self.request.method == "POST" else CatalogEntryListSerializer

    @extend_schema(request=CatalogEntrySerializer, responses={201: CatalogEntrySerializer})
    def post(self, request):
        serializer = CatalogEntrySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _entry_arguments(serializer.validated_data)
        entry = entry_create(acting_user=request.user, **data)
        return Response(CatalogEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["catalog"])
class EntryDetailView(_CatalogAPI, generics.GenericAPIView):
    """One entry with its charter. PATCH replaces the requirement or step lists it is given."""

    serializer_class = CatalogEntrySerializer

    def get(self, request, uid):
        return Response(self.get_serializer(selectors.entry_get(user=request.user, uid=uid)).data)

    def patch(self, request, uid):
        entry = selectors.entry_get(user=request.user, uid=uid)
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = _entry_arguments(serializer.validated_data)
        data.pop("mao", None)  # an entry stays with its MAO
        entry = entry_update(entry=entry, acting_user=request.user, **data)
        return Response(self.get_serializer(selectors.entry_get(user=request.user, uid=entry.uid)).data)


@extend_schema(tags=["catalog"])
class EntryStatusView(_CatalogAPI, generics.GenericAPIView):
    """Publish, archive or take back to draft."""

    serializer_class = CatalogEntryStatusSerializer

    @extend_schema(responses=CatalogEntrySerializer)
    def post(self, request, uid):
        entry = selectors.entry_get(user=request.user, uid=uid)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry_set_status(entry=entry, acting_user=request.user, status=serializer.validated_data["status"])
        return Response(CatalogEntrySerializer(selectors.entry_get(user=request.user, uid=uid)).data)


@extend_schema(tags=["catalog"])
class RequestListView(_CatalogAPI, generics.ListAPIView):
    """The triage queue: open requests first, soonest due first (`status=open` for open only)."""

    serializer_class = CatalogRequestListSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.request_list(user=self.request.user, filters=self.request.query_params)


@extend_schema(tags=["catalog"])
class RequestDetailView(_CatalogAPI, generics.GenericAPIView):
    serializer_class = CatalogRequestSerializer

    def get(self, request, uid):
        return Response(self.get_serializer(selectors.request_get(user=request.user, uid=uid)).data)


@extend_schema(tags=["catalog"])
class RequestTransitionView(_CatalogAPI, generics.GenericAPIView):
    """Move the request along its status machine, or add a note. Public notes and status
    changes are sent to the requester."""

    serializer_class = CatalogTransitionSerializer

    @extend_schema(responses={201: CatalogRequestSerializer})
    def post(self, request, uid):
        service_request = selectors.request_get(user=request.user, uid=uid)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service_request_respond(
            service_request=service_request, acting_user=request.user, **serializer.validated_data
        )
        fresh = selectors.request_get(user=request.user, uid=uid)
        return Response(CatalogRequestSerializer(fresh).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["catalog"])
class RequestAssignView(_CatalogAPI, generics.GenericAPIView):
    serializer_class = CatalogAssignSerializer

    @extend_schema(responses=CatalogRequestSerializer)
    def post(self, request, uid):
        service_request = selectors.request_get(user=request.user, uid=uid)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service_request_assign(
            service_request=service_request,
            acting_user=request.user,
            assignee=serializer.validated_data["assignee"],
        )
        return Response(CatalogRequestSerializer(selectors.request_get(user=request.user, uid=uid)).data)
