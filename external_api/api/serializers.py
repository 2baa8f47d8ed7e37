"""Serializers of the partner API (thin: the services validate)."""

from rest_framework import serializers

from common.dates import SaneDateTimeSerializerField
from external_api.models import AccessLogEntry, WebhookAttempt, WebhookDelivery, WebhookEndpoint


class WhoAmISerializer(serializers.Serializer):
    client_id = serializers.CharField()
    organization = serializers.CharField()
    scopes = serializers.ListField(child=serializers.CharField())
    expires_at = serializers.DateTimeField()


class AccessLogEntrySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    client_id = serializers.CharField(source="oauth_client_id", read_only=True)
    agreement = serializers.SerializerMethodField()

    class Meta:
        model = AccessLogEntry
        fields = [
            "id",
            "created_at",
            "direction",
            "client_id",
            "agreement",
            "method",
            "endpoint",
            "path",
            "filters",
            "record_count",
            "record_ids",
            "records_digest",
            "status_code",
            "client_ip",
        ]

    def get_agreement(self, entry) -> str | None:
        # The agreement's public uid, looked up from the page's prefetched map (no per-row query).
        return self.context.get("agreement_uids", {}).get(entry.agreement_id)


class WebhookEndpointSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "url",
            "description",
            "event_types",
            "is_active",
            "disabled_at",
            "disabled_reason",
            "previous_secret_expires_at",
            "created_at",
        ]


class WebhookRegisterSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=500)
    event_types = serializers.ListField(child=serializers.CharField(max_length=40), allow_empty=False)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class WebhookUpdateSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=500, required=False)
    event_types = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class WebhookSecretSerializer(serializers.Serializer):
    endpoint = WebhookEndpointSerializer()
    secret = serializers.CharField(help_text="The signing secret: shown this once, store it now.")


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["attempted_at", "status_code", "duration_ms", "error"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    webhook_id = serializers.CharField(source="event.message_id", read_only=True)
    event_type = serializers.CharField(source="event.event_type", read_only=True)
    attempts = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "webhook_id",
            "event_type",
            "status",
            "attempt_count",
            "next_attempt_at",
            "last_status_code",
            "last_error",
            "succeeded_at",
            "created_at",
            "attempts",
        ]


class ReplaySerializer(serializers.Serializer):
    since = SaneDateTimeSerializerField(help_text="Replay every delivery made since this time.")


class ReplayResultSerializer(serializers.Serializer):
    replayed = serializers.IntegerField()
