"""/api/v1/internal/ communities and needs.

Every registry reader sees them; only OOBC executives and staff write them (the services say
so, and a MAO focal person gets 403).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers

from common.api.registry import READ_AND_PATCH, PsgcField, RegistryAPIMixin, ServiceWritesMixin, UidField
from common.filters import CommunityFilter, NeedFilter
from common.models import Barangay, Community, EthnolinguisticGroup, Need
from common.selectors.communities import community_get, community_list, need_get, need_list
from common.services.communities import (
    COMMUNITY_FIELDS,
    NEED_FIELDS,
    community_create,
    community_update,
    need_create,
    need_update,
)


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


class CommunityListView(RegistryAPIMixin, ServiceWritesMixin, generics.ListCreateAPIView):
    """OBC communities. Staff of OOBC add them; every registry reader lists them."""

    serializer_class = CommunitySerializer
    filterset_class = CommunityFilter
    search_fields = ["name", "other_names", "barangay__name", "municipality__name"]
    ordering_fields = ["name", "estimated_obc_population", "households", "created_at", "updated_at"]
    ordering = ["name"]

    def get_queryset(self):
        return community_list(user=self.request.user)

    def write_new(self, data):
        return community_create(acting_user=self.request.user, **data)

    def read_again(self, instance):
        return community_get(user=self.request.user, uid=instance.uid)


class CommunityDetailView(RegistryAPIMixin, ServiceWritesMixin, generics.RetrieveUpdateAPIView):
    """One community with its needs and the PPAs serving it (a MAO focal person sees their own
    MAO's PPAs only)."""

    serializer_class = CommunityDetailSerializer
    http_method_names = READ_AND_PATCH

    def get_queryset(self):
        return community_list(user=self.request.user)

    def get_object(self):
        return community_get(user=self.request.user, uid=self.kwargs["uid"])

    def write_changes(self, instance, data):
        return community_update(community=instance, acting_user=self.request.user, **data)

    def read_again(self, instance):
        return self.get_object()


class NeedListView(RegistryAPIMixin, ServiceWritesMixin, generics.ListCreateAPIView):
    """Needs of OBC communities."""

    serializer_class = NeedSerializer
    filterset_class = NeedFilter
    search_fields = ["title", "description", "community__name"]
    ordering_fields = ["title", "affected_population", "urgency", "identified_on", "created_at"]
    ordering = ["community__name", "title"]

    def get_queryset(self):
        return need_list(user=self.request.user)

    def write_new(self, data):
        return need_create(acting_user=self.request.user, **data)


class NeedDetailView(RegistryAPIMixin, ServiceWritesMixin, generics.RetrieveUpdateAPIView):
    serializer_class = NeedSerializer
    http_method_names = READ_AND_PATCH

    def get_queryset(self):
        return need_list(user=self.request.user)

    def get_object(self):
        return need_get(user=self.request.user, uid=self.kwargs["uid"])

    def write_changes(self, instance, data):
        return need_update(need=instance, acting_user=self.request.user, **data)
