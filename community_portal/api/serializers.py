"""Serializers of the portal's public API. No answer carries anything personal: no name,
contact, request text or feedback author."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from common.api.requester import PublicRequestChecksMixin
from common.models import Sector
from community_portal.models import RequestKind
from community_portal.privacy import PORTAL_PRIVACY_NOTICE_VERSION
from service_catalog.models import EntryStatus, ServiceCatalogEntry

RATING = {"required": False, "allow_null": True, "allow_blank": True, "max_length": 2}


class PublishedServiceField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(
            slug_field="slug",
            queryset=ServiceCatalogEntry.objects.filter(status=EntryStatus.PUBLISHED).select_related("mao"),
            **kwargs,
        )


class PortalRequestCreateSerializer(PublicRequestChecksMixin, serializers.Serializer):
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
            raise serializers.ValidationError({"service": [_("Give an invitation token or a service.")]})
        return data


class FeedbackCreatedSerializer(serializers.Serializer):
    status = serializers.CharField()
