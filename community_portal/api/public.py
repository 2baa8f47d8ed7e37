"""Public API of the portal (/api/v1/public/portal/...): anonymous, throttled per client IP.
No answer carries anything personal: no name, contact, request text or feedback author."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from common.api.base import PublicAPIMixin
from common.models import Barangay, Sector
from community_portal import selectors
from community_portal.models import RequestKind
from community_portal.privacy import PORTAL_PRIVACY_NOTICE_VERSION
from community_portal.services.feedback import feedback_submit
from community_portal.services.requests import portal_request_submit_public
from service_catalog.api.public import RequestStatusSerializer as CatalogStatusSerializer
from service_catalog.models import EntryStatus, ServiceCatalogEntry, ServiceRequest
from service_catalog.services.requests import tracking_code_normalise
from service_catalog.throttling import tracking_miss

RATING = {"required": False, "allow_null": True, "allow_blank": True, "max_length": 2}


class PublishedServiceField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(
            slug_field="slug",
            queryset=ServiceCatalogEntry.objects.filter(status=EntryStatus.PUBLISHED).select_related("mao"),
            **kwargs,
        )


class PortalRequestCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    service = PublishedServiceField(
        required=False, allow_null=True, help_text="The service's slug (kind catalog_service)."
    )
    sector = serializers.ChoiceField(choices=Sector.choices, required=False, default="")
    title = serializers.CharField(max_length=200)
    details = serializers.CharField(max_length=2000)
    beneficiaries = serializers.IntegerField(min_value=1, max_value=100_000, default=1)
    barangay = serializers.CharField(max_length=10, help_text="The barangay's 10-digit PSGC code.")
    requester_name = serializers.CharField(max_length=120)
    requester_email = serializers.EmailField(max_length=254, required=False, default="")
    requester_phone = serializers.RegexField(r"^\+?[0-9][0-9 ()-]{5,30}$", required=False, default="")
    privacy_consent = serializers.BooleanField(help_text="Must be true.")
    privacy_notice_version = serializers.CharField(
        max_length=20,
        help_text=f"The portal's privacy notice version agreed to (now {PORTAL_PRIVACY_NOTICE_VERSION}).",
    )

    def validate_barangay(self, value):
        barangay = Barangay.objects.filter(psgc_code=value).first()
        if barangay is None:
            raise serializers.ValidationError(_("No barangay has this PSGC code."))
        return barangay

    def validate_privacy_consent(self, value):
        if value is not True:
            raise serializers.ValidationError(_("The requester must agree to the privacy notice."))
        return value


class PortalRequestCreatedSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    status_url = serializers.CharField(help_text="The public status of the request, in this API.")


class HistoryEntrySerializer(serializers.Serializer):
    status_label = serializers.CharField()
    at = serializers.DateTimeField(source="when")
    note = serializers.CharField()


class PortalRequestStatusSerializer(serializers.Serializer):
    """An OBC request as the public may see it: code, status, municipality, MAO and the public
    notes; never who asked or what they wrote."""

    tracking_code = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    status_changed_at = serializers.DateTimeField()
    municipality = serializers.CharField()
    mao = serializers.CharField(allow_null=True)
    history = HistoryEntrySerializer(many=True)


class FeedbackCreateSerializer(serializers.Serializer):
    token = serializers.CharField(required=False, max_length=100, help_text="The invitation link's token.")
    service = PublishedServiceField(required=False, allow_null=True, help_text="A published service's slug.")
    cc1 = serializers.CharField(max_length=2)
    cc2 = serializers.CharField(**RATING)
    cc3 = serializers.CharField(**RATING)
    sqd0 = serializers.CharField(**RATING)
    sqd1 = serializers.CharField(**RATING)
    sqd2 = serializers.CharField(**RATING)
    sqd3 = serializers.CharField(**RATING)
    sqd4 = serializers.CharField(**RATING)
    sqd5 = serializers.CharField(**RATING)
    sqd6 = serializers.CharField(**RATING)
    sqd7 = serializers.CharField(**RATING)
    sqd8 = serializers.CharField(**RATING)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    anonymous = serializers.BooleanField(default=True)

    def validate(self, data):
        if not data.get("token") and not data.get("service"):
            raise serializers.ValidationError({"service": ["Give an invitation token or a service."]})
        return data


class FeedbackCreatedSerializer(serializers.Serializer):
    status = serializers.CharField()


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
