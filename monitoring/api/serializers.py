"""Serializers of the PPA API: input validation and representation only (the rules are in
monitoring.services.ppas). Objects are named by uid, places by PSGC code, money as strings
with two decimals."""

import re
import uuid

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.models import Community, Municipality, Province, Region
from coordination.models import Organization
from monitoring.models import AppropriationClass, Indicator, MonitoringEntry, MonitoringUpdate, RequestStatus

PSGC = re.compile(r"[0-9]{10}")
MAX_LINKED = 500  # communities or needs in one request
# What a progress report says, as sent and as shown.
REPORT_FIELDS = [
    "reported_on",
    "progress",
    "status",
    "budget_utilized",
    "beneficiaries_reached",
    "accomplishments",
    "challenges",
    "next_steps",
]


class UidRelatedField(serializers.SlugRelatedField):
    """A related object named by its uid; anything that is not a UUID is refused before
    it reaches the database."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="uid", **kwargs)

    def to_internal_value(self, data):
        try:
            uuid.UUID(str(data))
        except ValueError:
            self.fail("invalid")
        return super().to_internal_value(data)


class PsgcRelatedField(serializers.SlugRelatedField):
    """A place named by its 10-digit PSGC code."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="psgc_code", **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not PSGC.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


# --- Representation ---------------------------------------------------------------------


class PpaMaoSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["uid", "name", "acronym"]


class PpaPlaceSerializer(serializers.Serializer):
    psgc_code = serializers.CharField()
    name = serializers.CharField()


class PpaCommunitySerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.name")
    province = serializers.CharField(source="province.name", allow_null=True)  # none for HUCs

    class Meta:
        model = Community
        fields = ["uid", "name", "municipality", "province"]


class PpaNeedSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    title = serializers.CharField()
    sector = serializers.CharField()


class PpaIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["kind", "description", "unit", "target_text", "target_value", "actual_value", "order"]


class PpaProgressReportSerializer(serializers.ModelSerializer):
    reported_by = serializers.SerializerMethodField()

    class Meta:
        model = MonitoringUpdate
        fields = ["uid", *REPORT_FIELDS, "reported_by", "created_at"]

    def get_reported_by(self, report: MonitoringUpdate) -> str | None:
        user = report.reported_by
        return (user.get_full_name() or user.username) if user else None


class PpaSummarySerializer(serializers.ModelSerializer):
    # Declared: DRF drops allow_blank from read-only model fields, so the schema would not
    # admit the "" every PPA that is not a community request answers.
    request_status = serializers.ChoiceField(choices=RequestStatus.choices, allow_blank=True, read_only=True)
    implementing_mao = PpaMaoSerializer(allow_null=True)
    coverage_region = PpaPlaceSerializer(allow_null=True)
    coverage_province = PpaPlaceSerializer(allow_null=True)
    coverage_municipality = PpaPlaceSerializer(allow_null=True)
    community_count = serializers.IntegerField()

    class Meta:
        model = MonitoringEntry
        fields = [
            "uid",
            "title",
            "category",
            "kind",
            "implementing_mao",
            "fiscal_year",
            "sector",
            "status",
            "request_status",
            "progress",
            "budget_allocated",
            "budget_utilized",
            "earmarked_amount",
            "funding_source",
            "beneficiaries_individuals",
            "beneficiaries_households",
            "coverage_region",
            "coverage_province",
            "coverage_municipality",
            "community_count",
            "start_date",
            "end_date",
            "last_reported_on",
            "source",
            "updated_at",
        ]
        read_only_fields = fields


class PpaDetailSerializer(PpaSummarySerializer):
    appropriation_class = serializers.ChoiceField(
        choices=AppropriationClass.choices, allow_blank=True, read_only=True
    )
    utilization_rate = serializers.FloatField(allow_null=True)
    communities = PpaCommunitySerializer(many=True)
    needs_addressed = PpaNeedSerializer(many=True)
    indicators = PpaIndicatorSerializer(many=True)
    recent_updates = serializers.SerializerMethodField(help_text="The five latest progress reports.")

    class Meta(PpaSummarySerializer.Meta):
        fields = [
            *PpaSummarySerializer.Meta.fields,
            "description",
            "appropriation_class",
            "over_utilization_approved",
            "over_utilization_note",
            "utilization_rate",
            "communities",
            "needs_addressed",
            "indicators",
            "recent_updates",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PpaProgressReportSerializer(many=True))
    def get_recent_updates(self, ppa: MonitoringEntry) -> list:
        # Sliced from the prefetched reports (newest first), not a new query.
        return PpaProgressReportSerializer(ppa.updates.all()[:5], many=True).data


# --- Input ------------------------------------------------------------------------------


class PpaWriteSerializer(serializers.ModelSerializer):
    """What a client may send to create or change a PPA."""

    implementing_mao = UidRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True, help_text="Organization uid."
    )
    coverage_region = PsgcRelatedField(queryset=Region.objects.all(), required=False, allow_null=True)
    coverage_province = PsgcRelatedField(queryset=Province.objects.all(), required=False, allow_null=True)
    coverage_municipality = PsgcRelatedField(
        queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    requesting_community = UidRelatedField(
        queryset=Community.objects.all(), required=False, allow_null=True, help_text="Community uid."
    )
    # Resolved (and unknown ids reported) by the service, in one query.
    communities = serializers.ListField(
        child=serializers.UUIDField(), required=False, max_length=MAX_LINKED, help_text="Community uids."
    )
    needs_addressed = serializers.ListField(
        child=serializers.UUIDField(), required=False, max_length=MAX_LINKED, help_text="Need uids."
    )

    class Meta:
        model = MonitoringEntry
        fields = [
            "category",
            "title",
            "description",
            "implementing_mao",
            "fiscal_year",
            "sector",
            "status",
            "request_status",
            "progress",
            "budget_allocated",
            "budget_utilized",
            "over_utilization_approved",
            "over_utilization_note",
            "funding_source",
            "appropriation_class",
            "beneficiaries_individuals",
            "beneficiaries_households",
            "coverage_region",
            "coverage_province",
            "coverage_municipality",
            "communities",
            "needs_addressed",
            "requesting_community",
            "start_date",
            "end_date",
        ]
        extra_kwargs = {"category": {"required": False, "help_text": "Defaults to mao_ppa."}}


class PpaProgressReportWriteSerializer(serializers.ModelSerializer):
    # The service's plausibility confirmations (beneficiaries far above target, cancelling).
    beneficiaries_confirmed = serializers.BooleanField(required=False, default=False, write_only=True)
    cancellation_confirmed = serializers.BooleanField(required=False, default=False, write_only=True)

    class Meta:
        model = MonitoringUpdate
        fields = [*REPORT_FIELDS, "beneficiaries_confirmed", "cancellation_confirmed"]
