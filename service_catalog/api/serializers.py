"""Serializers of the catalog's API: the staff API's (Catalog*: entries with their charter, the
request triage) and the public API's (published entries and public fields only; the
requester's name and contact appear in none)."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from common.api.requester import PublicRequestChecksMixin
from common.models import Province, Region, Sector, User
from coordination.models import Organization
from monitoring.models import MonitoringEntry
from service_catalog import selectors
from service_catalog.models import (
    EntryStatus,
    RequestStatus,
    ServiceCatalogEntry,
    ServiceRequest,
)
from service_catalog.privacy import PRIVACY_NOTICE_VERSION
from service_catalog.services.entries import ENTRY_FIELDS
from service_catalog.sla import SLA_STATE_LABELS


@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.ChoiceField):
    """A choice given as its code. A plain string in the schema: names like "status" and
    "classification" carry other choice sets elsewhere in the internal API."""


class _CodeChoices:
    serializer_choice_field = CodeField


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


class RequestCreateSerializer(PublicRequestChecksMixin, serializers.Serializer):
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


class RequestCreatedSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    status = serializers.CharField()
    sla_due_on = serializers.DateField()
    status_url = serializers.CharField(help_text="The public status page of the request.")
