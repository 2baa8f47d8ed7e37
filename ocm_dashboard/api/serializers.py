"""Serializers of the dashboard API. The figures come from the selectors already JSON-ready;
the figure serializers below describe them for the OpenAPI schema."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.models import Sector
from ocm_dashboard.models import BeneficiaryOverlap, OverlapLevel, OverlapStatus
from ocm_dashboard.selectors.overlaps import overlap_ppas, overlap_reason

MONEY = {"max_digits": 16, "decimal_places": 2, "coerce_to_string": True}


class FiguresSerializer(serializers.Serializer):
    ppas = serializers.IntegerField()
    budget_allocated = serializers.DecimalField(**MONEY)
    budget_utilized = serializers.DecimalField(**MONEY)
    utilization = serializers.FloatField(allow_null=True, help_text="Utilised ÷ allocated.")
    beneficiaries = serializers.IntegerField()
    households = serializers.IntegerField()
    cost_per_beneficiary = serializers.DecimalField(allow_null=True, **MONEY)
    average_progress = serializers.FloatField(allow_null=True)
    on_track = serializers.IntegerField()
    on_track_share = serializers.FloatField(allow_null=True)
    latest_update = serializers.DateField(
        allow_null=True, help_text="Latest progress report: data freshness."
    )
    by_status = serializers.DictField(child=serializers.IntegerField())
    communities_served = serializers.IntegerField()


class MaoFiguresSerializer(FiguresSerializer):
    mao_uid = serializers.UUIDField(allow_null=True)
    mao = serializers.CharField(help_text="Acronym, or name when the MAO has none.")
    mao_name = serializers.CharField()


class SectorFiguresSerializer(FiguresSerializer):
    sector = serializers.ChoiceField(choices=Sector.choices)
    label = serializers.CharField()


class CoverageRowSerializer(serializers.Serializer):
    """A place (region, province, city or municipality), a community, or a PPA, by level."""

    kind = serializers.ChoiceField(
        choices=["region", "province", "city", "municipality", "unplaced", "community", "ppa"]
    )
    psgc = serializers.CharField(required=False, help_text="PSGC code of the place or barangay.")
    uid = serializers.UUIDField(required=False, help_text="Community or PPA id.")
    name = serializers.CharField(required=False)
    title = serializers.CharField(required=False)
    region = serializers.CharField(required=False, help_text="Region PSGC code.")
    province = serializers.CharField(required=False, help_text="Province PSGC code.")
    ppas = serializers.IntegerField(required=False)
    budget_allocated = serializers.DecimalField(**MONEY)
    budget_utilized = serializers.DecimalField(**MONEY)
    beneficiaries = serializers.IntegerField()
    obc_communities = serializers.IntegerField(required=False)
    obc_population = serializers.IntegerField(required=False)
    communities_served = serializers.IntegerField(required=False)
    coverage_share = serializers.FloatField(required=False, allow_null=True)
    cost_per_beneficiary = serializers.DecimalField(required=False, allow_null=True, **MONEY)
    latitude = serializers.FloatField(required=False, allow_null=True)
    longitude = serializers.FloatField(required=False, allow_null=True)


class OverviewSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField()
    filters = serializers.DictField(child=serializers.CharField())
    reference_date = serializers.DateField(help_text="The day progress is judged at (on-track share).")
    expected_progress = serializers.IntegerField(help_text="Progress an ongoing PPA needs to be on track.")
    totals = FiguresSerializer()
    by_mao = MaoFiguresSerializer(many=True)
    by_sector = SectorFiguresSerializer(many=True)
    by_region = CoverageRowSerializer(many=True)
    by_province = CoverageRowSerializer(many=True)
    served_from = serializers.ChoiceField(
        choices=["precomputed", "live"],
        help_text="precomputed: kept from an earlier computation on the same data (the snapshot's "
        "refresh or an earlier request); live: computed for this request.",
    )
    computed_at = serializers.DateTimeField(help_text="When these figures were computed.")


class GeographicCoverageSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField()
    filters = serializers.DictField(child=serializers.CharField())
    level = serializers.ChoiceField(choices=["region", "province", "municipality", "community", "ppa"])
    rows = CoverageRowSerializer(many=True)


class PpaEvidenceSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    title = serializers.CharField()
    mao_uid = serializers.UUIDField()
    mao = serializers.CharField()
    budget = serializers.DecimalField(**MONEY)
    beneficiaries = serializers.IntegerField()


class PlaceSerializer(serializers.Serializer):
    psgc = serializers.CharField(source="psgc_code")
    name = serializers.CharField()


class CommunityRefSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    name = serializers.CharField()


class BeneficiaryOverlapSerializer(serializers.ModelSerializer):
    community = CommunityRefSerializer(allow_null=True)
    municipality = PlaceSerializer()
    region = PlaceSerializer()
    ppas = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()
    reviewed_by = serializers.SerializerMethodField()
    level = serializers.ChoiceField(choices=OverlapLevel.choices)

    class Meta:
        model = BeneficiaryOverlap
        fields = [
            "uid",
            "fiscal_year",
            "sector",
            "level",
            "community",
            "municipality",
            "region",
            "mao_count",
            "ppa_count",
            "combined_budget",
            "combined_beneficiaries",
            "community_population",
            "severity",
            "reason",
            "ppas",
            "status",
            "review_notes",
            "reviewed_by",
            "reviewed_at",
            "detected_at",
            "changed_at",
            "resolved_at",
            "resolved_automatically",
            "resolution_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(PpaEvidenceSerializer(many=True))
    def get_ppas(self, overlap: BeneficiaryOverlap) -> list[dict]:
        return overlap_ppas(overlap)

    def get_reason(self, overlap: BeneficiaryOverlap) -> str:
        return overlap_reason(overlap)

    def get_reviewed_by(self, overlap: BeneficiaryOverlap) -> str | None:
        user = overlap.reviewed_by
        return (user.get_full_name() or user.username) if user else None


@extend_schema_field({"type": "string", "enum": OverlapStatus.values, "description": "The review decision."})
class ReviewStatusField(serializers.ChoiceField):
    """Documented inline, so the schema has one overlap status enum, not two."""


class OverlapReviewInputSerializer(serializers.Serializer):
    status = ReviewStatusField(choices=OverlapStatus.choices)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")

    class Meta:
        ref_name = "OverlapReviewInput"
