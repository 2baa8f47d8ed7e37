"""Views of the catalog's API, both namespaces.

Staff (/api/v1/internal/catalog/..., routes in api/urls.py): entries with their charter and
the request triage. Catalog editors only (CHANGE on the catalog: OOBC executives and staff,
MAO focal persons for their own MAO; another MAO's object is a 404). Reads need CHANGE too:
a request carries the requester's confidential contact.

Public (/api/v1/public/catalog/..., routes in api/public_urls.py): anonymous, throttled per
client IP, published entries only, public fields only."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from common.api.base import InternalAPIMixin, PublicAPIMixin
from common.models import Sector
from common.permissions import Action, Area, area_rule
from service_catalog import selectors
from service_catalog.api.serializers import (
    CatalogAssignSerializer,
    CatalogEntryListSerializer,
    CatalogEntrySerializer,
    CatalogEntryStatusSerializer,
    CatalogRequestListSerializer,
    CatalogRequestSerializer,
    CatalogTransitionSerializer,
    RequestCreatedSerializer,
    RequestCreateSerializer,
    RequestStatusSerializer,
    ServiceDetailSerializer,
    ServiceListItemSerializer,
)
from service_catalog.models import (
    RequestChannel,
    ServiceRequest,
)
from service_catalog.services.entries import entry_create, entry_set_status, entry_update
from service_catalog.services.requests import (
    service_request_assign,
    service_request_respond,
    service_request_submit,
)

CATALOG_EDITORS = area_rule(Area.CATALOG, Action.CHANGE)


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
