"""/api/v1/internal/ geography (read only): regions, provinces, cities and municipalities,
barangays, each named by its PSGC code."""

from rest_framework import generics, serializers

from common.api.registry import PsgcField, RegistryAPIMixin
from common.filters import BarangayFilter, MunicipalityFilter, ProvinceFilter
from common.models import Barangay, Municipality, Province, Region
from common.selectors.geography import barangay_list, municipality_list, province_list, region_list

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


class PlaceListView(RegistryAPIMixin, generics.ListAPIView):
    search_fields = ["name", "psgc_code"]
    ordering_fields = ["name", "psgc_code", "population"]
    ordering = ["name"]


class RegionListView(PlaceListView):
    """Regions IX, X, XI and XII (and any other region loaded)."""

    serializer_class = RegionSerializer
    ordering = ["psgc_code"]

    def get_queryset(self):
        return region_list()


class ProvinceListView(PlaceListView):
    """Provinces; filter by region."""

    serializer_class = ProvinceSerializer
    filterset_class = ProvinceFilter

    def get_queryset(self):
        return province_list()


class MunicipalityListView(PlaceListView):
    """Cities and municipalities; highly urbanised cities have no province."""

    serializer_class = MunicipalitySerializer
    filterset_class = MunicipalityFilter

    def get_queryset(self):
        return municipality_list()


class BarangayListView(PlaceListView):
    """The barangays of one city or municipality (`municipality` is required)."""

    serializer_class = BarangaySerializer
    filterset_class = BarangayFilter

    def get_queryset(self):
        return barangay_list(municipality=self.request.query_params.get("municipality", ""))
