"""Views of common's API (routes in api/urls.py, the account endpoints in
obc_management/api_internal.py and api_public.py).

Internal (JWT): the token endpoints and /me/; geography (read only): regions, provinces,
cities and municipalities, barangays; communities and needs, which every registry reader
sees and only OOBC executives and staff write (the services say so, and a MAO focal person
gets 403). Public: the API root."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView
from rest_framework_simplejwt import views as jwt_views

from common.api.base import InternalAPIMixin, PublicAPIMixin
from common.api.registry import READ_AND_PATCH, RegistryAPIMixin, ServiceWritesMixin
from common.api.serializers import (
    BarangaySerializer,
    CommunityDetailSerializer,
    CommunitySerializer,
    MeSerializer,
    MunicipalitySerializer,
    NeedSerializer,
    ProvinceSerializer,
    RegionSerializer,
)
from common.auth import lockout_response
from common.filters import BarangayFilter, CommunityFilter, MunicipalityFilter, NeedFilter, ProvinceFilter
from common.permissions import AUTHENTICATED, PUBLIC, MatrixPermission
from common.selectors.communities import community_get, community_list, need_get, need_list
from common.selectors.geography import barangay_list, municipality_list, province_list, region_list
from common.services.communities import (
    community_create,
    community_update,
    need_create,
    need_update,
)


class _TokenEndpointMixin:
    """Token endpoints take credentials, not a session: open to anyone, guarded by
    django-axes (lockout per username+IP) inside `authenticate()`."""

    authentication_classes: list = []
    permission_classes = [MatrixPermission]
    throttle_classes: list = []
    access_rule = PUBLIC

    def finalize_response(self, request, response, *args, **kwargs):
        # Axes marks a lockout on the request it was given, here DRF's wrapper, which its
        # middleware never sees: answer with the lockout response ourselves.
        if getattr(request, "axes_locked_out", False):
            response = lockout_response(request._request)
        return super().finalize_response(request, response, *args, **kwargs)


class TokenObtainView(_TokenEndpointMixin, jwt_views.TokenObtainPairView):
    """Exchange a username and password for an access token (10 minutes) and a refresh token."""


class TokenRefreshView(_TokenEndpointMixin, jwt_views.TokenRefreshView):
    """Exchange a refresh token for a new pair. The old refresh token is blacklisted at once."""


class TokenVerifyView(_TokenEndpointMixin, jwt_views.TokenVerifyView):
    """Check that a token is valid and unexpired."""


class MeView(InternalAPIMixin, APIView):
    """The signed-in user and what the permission matrix grants their role."""

    access_rule = AUTHENTICATED

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class PublicRootView(PublicAPIMixin, APIView):
    """Where the public API starts: its version and its documentation."""

    @extend_schema(
        responses=inline_serializer(
            "PublicApiRoot",
            {
                "name": serializers.CharField(),
                "version": serializers.CharField(),
                "links": serializers.DictField(),
            },
        )
    )
    def get(self, request):
        from django.conf import settings

        return Response(
            {
                "name": "OBCMS public API",
                "version": settings.OBCMS_VERSION,
                "links": {
                    "schema": reverse("api-public:schema", request=request),
                    "docs": reverse("api-public:docs", request=request),
                },
            }
        )


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
