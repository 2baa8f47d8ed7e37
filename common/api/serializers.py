"""Serializers of common's API: the signed-in user and their grants, geography (places named
by their PSGC code), communities and their needs."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from common.api.registry import PsgcField, UidField
from common.models import (
    Barangay,
    Community,
    EthnolinguisticGroup,
    Municipality,
    Need,
    Province,
    Region,
    Role,
)
from common.permissions import PERMISSION_MATRIX
from common.services.communities import (
    COMMUNITY_FIELDS,
    NEED_FIELDS,
)


class GrantSerializer(serializers.Serializer):
    area = serializers.CharField()
    actions = serializers.ListField(child=serializers.CharField())
    scope = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.CharField()
    role_label = serializers.SerializerMethodField()
    language = serializers.CharField()
    email_verified = serializers.BooleanField()
    grants = serializers.SerializerMethodField()

    def get_role_label(self, user) -> str:
        return Role(user.role).label if user.role else ""

    @extend_schema(exclude=False)
    def get_grants(self, user) -> list[dict]:
        role = Role(user.role)
        return [
            {"area": str(area), "actions": sorted(str(a) for a in grant.actions), "scope": str(grant.scope)}
            for area, grants in PERMISSION_MATRIX.items()
            if (grant := grants.get(role)) is not None
        ]


PLACE_FIELDS = ["psgc_code", "name", "population", "census_year"]


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = [*PLACE_FIELDS, "short_name"]


class ProvinceSerializer(serializers.ModelSerializer):
    region = PsgcField(read_only=True)

    class Meta:
        model = Province
        fields = [*PLACE_FIELDS, "region"]


class MunicipalitySerializer(serializers.ModelSerializer):
    region = PsgcField(read_only=True)
    province = PsgcField(read_only=True, allow_null=True)

    class Meta:
        model = Municipality
        fields = [*PLACE_FIELDS, "kind", "is_huc", "region", "province"]


class BarangaySerializer(serializers.ModelSerializer):
    municipality = PsgcField(read_only=True)

    class Meta:
        model = Barangay
        fields = [*PLACE_FIELDS, "municipality"]


class NeedSerializer(serializers.ModelSerializer):
    community = UidField(queryset=Community.objects.all(), help_text="uid of the community")
    community_name = serializers.CharField(source="community.name", read_only=True)

    class Meta:
        model = Need
        fields = ["uid", "community", "community_name", *NEED_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["uid", "source", "created_at", "updated_at"]


class CommunityPpaSummarySerializer(serializers.Serializer):
    """A PPA serving the community, as far as the reader may see it."""

    uid = serializers.UUIDField()
    title = serializers.CharField()
    fiscal_year = serializers.IntegerField()
    sector = serializers.CharField()
    # A plain string here: the PPA endpoints own the status vocabulary's schema.
    status = serializers.CharField()
    progress = serializers.IntegerField()
    implementing_mao = serializers.UUIDField(source="implementing_mao.uid", allow_null=True)
    implementing_mao_label = serializers.CharField(source="implementing_mao.label", default="")


class CommunitySerializer(serializers.ModelSerializer):
    barangay = PsgcField(
        queryset=Barangay.objects.select_related("municipality"), help_text="PSGC code of the barangay"
    )
    barangay_name = serializers.CharField(source="barangay.name", read_only=True)
    municipality = PsgcField(read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    province = PsgcField(read_only=True, allow_null=True)
    province_name = serializers.CharField(source="province.name", read_only=True, allow_null=True)
    region = PsgcField(read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    # Ethnic origin is sensitive personal information (Data Privacy Act 2012). This is the one
    # field that carries it: gate it here when classification decides who may read it.
    ethnolinguistic_group = serializers.ChoiceField(choices=EthnolinguisticGroup.choices)
    need_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Community
        fields = [
            "uid",
            *COMMUNITY_FIELDS,
            "barangay",
            "barangay_name",
            "municipality",
            "municipality_name",
            "province",
            "province_name",
            "region",
            "region_name",
            "need_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uid", "source", "created_at", "updated_at"]


class CommunityDetailSerializer(CommunitySerializer):
    needs = NeedSerializer(many=True, read_only=True)
    ppas = serializers.SerializerMethodField()

    class Meta(CommunitySerializer.Meta):
        fields = [*CommunitySerializer.Meta.fields, "needs", "ppas"]

    @extend_schema_field(CommunityPpaSummarySerializer(many=True))
    def get_ppas(self, community: Community) -> list:
        # `ppas` holds only the PPAs the reader may see (common.selectors.communities).
        return CommunityPpaSummarySerializer(community.ppas.all(), many=True).data
