"""Views of the portal's public API (/api/v1/public/portal/..., routes in api/public_urls.py):
anonymous, throttled per client IP."""

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from common.api.base import PublicAPIMixin
from community_portal import selectors
from community_portal.api.serializers import (
    FeedbackCreatedSerializer,
    FeedbackCreateSerializer,
    PortalRequestCreatedSerializer,
    PortalRequestCreateSerializer,
    PortalRequestStatusSerializer,
)
from community_portal.models import RequestKind
from community_portal.services.feedback import feedback_submit
from community_portal.services.requests import portal_request_submit_public
from service_catalog.api.serializers import RequestStatusSerializer as CatalogStatusSerializer
from service_catalog.models import ServiceRequest
from service_catalog.services.requests import tracking_code_normalise
from service_catalog.throttling import tracking_miss


@extend_schema(tags=["portal"])
class PortalRequestCreateView(PublicAPIMixin, generics.GenericAPIView):
    """File a community request. A catalog service makes it that service's request; anything
    else is an OBC request of the barangay's profiled community."""

    serializer_class = PortalRequestCreateSerializer
    filter_backends: list = []

    @extend_schema(request=PortalRequestCreateSerializer, responses={201: PortalRequestCreatedSerializer})
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("privacy_consent")
        portal_request = portal_request_submit_public(**data)
        path = reverse("api-public:portal-request-status", kwargs={"code": portal_request.tracking_code})
        body = {
            "tracking_code": portal_request.tracking_code,
            "kind": portal_request.kind,
            "status": portal_request.service_request.status
            if portal_request.is_catalog
            else portal_request.status,
            "status_url": request.build_absolute_uri(path),
        }
        return Response(PortalRequestCreatedSerializer(body).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["portal"], responses={200: PortalRequestStatusSerializer})
class PortalRequestStatusView(PublicAPIMixin, generics.GenericAPIView):
    """The public status of any request by its tracking code, whatever channel filed it
    (portal, catalog form, API, Open311). Unknown codes are 404 and counted per client."""

    serializer_class = PortalRequestStatusSerializer
    filter_backends: list = []

    def get(self, request, code: str):
        canonical = tracking_code_normalise(code) or ""
        portal_request = selectors.request_by_code(canonical)
        if portal_request is not None and not portal_request.is_catalog:
            body = {
                "tracking_code": portal_request.tracking_code,
                "kind": portal_request.kind,
                "status": portal_request.status,
                "status_label": selectors.request_status_label(portal_request),
                "submitted_at": portal_request.created_at,
                "status_changed_at": portal_request.status_changed_at,
                "municipality": portal_request.community.municipality.name,
                "mao": portal_request.routed_to.label if portal_request.routed_to else None,
                "history": selectors.request_timeline(portal_request),
            }
            return Response(PortalRequestStatusSerializer(body).data)
        service_request = (
            ServiceRequest.objects.select_related("service__mao", "barangay__municipality")
            .filter(tracking_code=canonical)
            .first()
        )
        if service_request is None:
            wait = tracking_miss(request, canonical or code)
            if wait:
                response = Response({"message": "Too many unknown tracking codes.", "extra": {}}, status=429)
                response["Retry-After"] = str(wait)
                return response
            raise Http404
        data = CatalogStatusSerializer(service_request).data
        data["kind"] = RequestKind.CATALOG_SERVICE
        return Response(data)


@extend_schema(tags=["portal"])
class FeedbackCreateView(PublicAPIMixin, generics.GenericAPIView):
    """Send a client satisfaction (ARTA CSM) response: with an invitation token, or on a
    published service. Anonymous by default."""

    serializer_class = FeedbackCreateSerializer
    filter_backends: list = []

    @extend_schema(request=FeedbackCreateSerializer, responses={201: FeedbackCreatedSerializer})
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        token, service, anonymous = data.pop("token", ""), data.pop("service", None), data.pop("anonymous")
        feedback_submit(
            answers=data,
            channel="api",
            anonymous=anonymous,
            service=None if token else service,
            invitation_token=token,
        )
        return Response({"status": "received"}, status=status.HTTP_201_CREATED)
