"""/api/v1/external/webhooks/: a partner's Standard Webhooks endpoints (scope webhooks:manage).

A client sees and changes only its own endpoints; another client's endpoint answers 404.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from common.permissions import Action, Area, area_rule
from external_api.api.serializers import (
    ReplayResultSerializer,
    ReplaySerializer,
    WebhookDeliverySerializer,
    WebhookEndpointSerializer,
    WebhookRegisterSerializer,
    WebhookSecretSerializer,
    WebhookUpdateSerializer,
)
from external_api.auth import ExternalAPIMixin, partner_client_of
from external_api.models import WebhookDelivery, WebhookEndpoint
from external_api.selectors import webhook_deliveries_of, webhook_endpoints_of
from external_api.services.webhooks import (
    webhook_endpoint_delete,
    webhook_endpoint_register,
    webhook_endpoint_update,
    webhook_replay,
    webhook_secret_rotate,
    webhook_test_send,
)


class WebhookView(ExternalAPIMixin, APIView):
    access_rule = area_rule(Area.EXTERNAL_API, Action.VIEW)
    # Partners hold VIEW on the area; what they may change is decided by their scope.
    write_action = Action.VIEW
    required_scopes = ["webhooks:manage"]

    def endpoint(self, request, uid) -> WebhookEndpoint:
        endpoint = webhook_endpoints_of(partner_client_of(request)).filter(uid=uid).first()
        if endpoint is None:
            raise NotFound()
        self.access_record_ids = [str(endpoint.uid)]
        return endpoint


class WebhookRegisterView(WebhookView):
    """Register an endpoint (https) for event types. The answer holds its signing secret, once."""

    @extend_schema(request=WebhookRegisterSerializer, responses={201: WebhookSecretSerializer})
    def post(self, request):
        data = WebhookRegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint, secret = webhook_endpoint_register(client=partner_client_of(request), **data.validated_data)
        self.access_record_ids = [str(endpoint.uid)]
        return Response(WebhookSecretSerializer({"endpoint": endpoint, "secret": secret}).data, status=201)


class WebhookListView(WebhookView):
    """Your endpoints."""

    @extend_schema(responses=WebhookEndpointSerializer(many=True))
    def get(self, request):
        endpoints = list(webhook_endpoints_of(partner_client_of(request)))
        self.access_record_ids = [str(endpoint.uid) for endpoint in endpoints]
        return Response(WebhookEndpointSerializer(endpoints, many=True).data)


class WebhookDetailView(WebhookView):
    """One endpoint: read, change (PATCH) or delete."""

    @extend_schema(responses=WebhookEndpointSerializer)
    def get(self, request, uid):
        return Response(WebhookEndpointSerializer(self.endpoint(request, uid)).data)

    @extend_schema(request=WebhookUpdateSerializer, responses=WebhookEndpointSerializer)
    def patch(self, request, uid):
        endpoint = self.endpoint(request, uid)
        data = WebhookUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            WebhookEndpointSerializer(webhook_endpoint_update(endpoint=endpoint, **data.validated_data)).data
        )

    @extend_schema(responses={204: None})
    def delete(self, request, uid):
        webhook_endpoint_delete(endpoint=self.endpoint(request, uid))
        return Response(status=204)


class WebhookRotateView(WebhookView):
    """A new signing secret, shown once; the old one also signs for the next 24 hours."""

    @extend_schema(request=None, responses=WebhookSecretSerializer)
    def post(self, request, uid):
        endpoint = self.endpoint(request, uid)
        secret = webhook_secret_rotate(endpoint=endpoint)
        return Response(WebhookSecretSerializer({"endpoint": endpoint, "secret": secret}).data)


class WebhookTestView(WebhookView):
    """Send a `webhook.test` event to this endpoint."""

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    def post(self, request, uid):
        delivery = webhook_test_send(endpoint=self.endpoint(request, uid))
        return Response(WebhookDeliverySerializer(delivery).data, status=202)


class DeliveryPagination(CursorPagination):
    ordering = "-created_at"
    page_size = 50


class WebhookDeliveriesView(WebhookView):
    """Deliveries to this endpoint, newest first, each with every attempt."""

    @extend_schema(responses=WebhookDeliverySerializer(many=True))
    def get(self, request, uid):
        endpoint = self.endpoint(request, uid)
        paginator = DeliveryPagination()
        page = paginator.paginate_queryset(webhook_deliveries_of(endpoint), request, view=self)
        self.access_record_ids = [delivery.event.message_id for delivery in page]
        return paginator.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)


class WebhookReplayView(WebhookView):
    """Send again every delivery made since a time."""

    @extend_schema(request=ReplaySerializer, responses=ReplayResultSerializer)
    def post(self, request, uid):
        endpoint = self.endpoint(request, uid)
        data = ReplaySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response({"replayed": webhook_replay(endpoint=endpoint, since=data.validated_data["since"])})


class WebhookDeliveryReplayView(WebhookView):
    """Send one delivery again (same webhook-id)."""

    @extend_schema(request=None, responses=ReplayResultSerializer)
    def post(self, request, uid, delivery_uid):
        endpoint = self.endpoint(request, uid)
        delivery = WebhookDelivery.objects.filter(endpoint=endpoint, uid=delivery_uid).first()
        if delivery is None:
            raise NotFound()
        return Response({"replayed": webhook_replay(endpoint=endpoint, delivery=delivery)})
