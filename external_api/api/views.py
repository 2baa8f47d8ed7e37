"""/api/v1/external/: the partner's identity, the shared datasets, its own access log and its
webhooks (routes in api/urls.py).

Every dataset view checks, in order: a valid partner token (401), the dataset's OAuth scope
(403), a data sharing agreement in force that covers the dataset (403), then answers with
the fields the agreement's classification allows. Every call is written to the access log
(external_api.auth.ExternalAPIMixin).

Webhooks (scope webhooks:manage): a partner's Standard Webhooks endpoints. A client sees and
changes only its own endpoints; another client's endpoint answers 404.
"""

import hashlib
import json

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from common.permissions import Action, Area, area_rule, public
from external_api.api.serializers import (
    AccessLogEntrySerializer,
    ReplayResultSerializer,
    ReplaySerializer,
    WebhookDeliverySerializer,
    WebhookEndpointSerializer,
    WebhookRegisterSerializer,
    WebhookSecretSerializer,
    WebhookUpdateSerializer,
    WhoAmISerializer,
)
from external_api.auth import ExternalAPIMixin, partner_client_of
from external_api.datasets import DATASETS, DatasetSpec
from external_api.models import (
    DataSharingAgreement,
    WebhookDelivery,
    WebhookEndpoint,
)
from external_api.oauth import PartnerRevokeTokenView, PartnerTokenView
from external_api.selectors import (
    access_log_filtered,
    agreement_for,
    parse_updated_since,
    shared_page,
    shared_record,
    webhook_deliveries_of,
    webhook_endpoints_of,
)
from external_api.services.webhooks import (
    webhook_endpoint_delete,
    webhook_endpoint_register,
    webhook_endpoint_update,
    webhook_replay,
    webhook_secret_rotate,
    webhook_test_send,
)

PARTNER_RULE = area_rule(Area.EXTERNAL_API, Action.VIEW)


class WhoAmIView(ExternalAPIMixin, APIView):
    """The partner client this access token belongs to and the scopes it carries."""

    access_rule = PARTNER_RULE

    @extend_schema(responses=WhoAmISerializer)
    def get(self, request):
        token = request.auth
        application = token.application
        return Response(
            WhoAmISerializer(
                {
                    "client_id": application.client_id,
                    "organization": application.partner_profile.organization_name,
                    "scopes": sorted(token.scope.split()),
                    "expires_at": token.expires,
                }
            ).data
        )


def etag_response(request, data) -> HttpResponse:
    """JSON with a strong ETag over the exact bytes; a matching If-None-Match gets 304."""
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:40]}"'
    wanted = {tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")}
    if etag in wanted or "*" in wanted:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    # Partner data is per agreement: shared caches must not keep it.
    response["Cache-Control"] = "private, no-cache"
    return response


class SharedDatasetView(ExternalAPIMixin, APIView):
    access_rule = PARTNER_RULE
    spec: DatasetSpec

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        client = partner_client_of(request)
        agreement = agreement_for(client.organization if client else None, self.spec.dataset)
        if agreement is None:
            raise PermissionDenied(
                _("No data sharing agreement in force covers %(value)s for your organization.")
                % {"value": self.spec.dataset.value}
            )
        self.access_agreement = agreement


class SharedListView(SharedDatasetView):
    def get(self, request):
        classification = self.access_agreement.max_classification
        params = request.query_params.dict()
        page = shared_page(self.spec, classification, params)
        self.access_record_ids = page.record_ids
        next_url = None
        if page.next_cursor:
            query = request.GET.copy()
            query["cursor"] = page.next_cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        return etag_response(
            request,
            {
                "classification": classification,
                "next": next_url,
                "next_cursor": page.next_cursor,
                "results": page.results,
            },
        )


class SharedDetailView(SharedDatasetView):
    def get(self, request, uid):
        record, tombstone = shared_record(
            self.spec, self.access_agreement.max_classification, uid, request.query_params.get("fields")
        )
        if tombstone is not None:
            self.access_record_ids = [str(tombstone.uid)]
            return Response(
                {
                    "message": "This record was deleted or withdrawn.",
                    "extra": {"uid": str(tombstone.uid), "deleted": True, "removed_at": tombstone.removed_at},
                },
                status=410,
            )
        if record is None:
            raise NotFound()
        self.access_record_ids = [record["uid"]]
        return etag_response(request, record)


def _filter_parameters(spec: DatasetSpec) -> list[OpenApiParameter]:
    common = [
        OpenApiParameter(
            "updated_since",
            OpenApiTypes.DATETIME,
            description="Changed at or after (ISO-8601); deleted or withdrawn records come as tombstones.",
        ),
        OpenApiParameter("cursor", OpenApiTypes.STR, description="The next_cursor of the previous page."),
        OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 500 (default 100)."),
        OpenApiParameter("fields", OpenApiTypes.STR, description="Comma-separated fields to return."),
    ]
    return common + [
        OpenApiParameter(name, OpenApiTypes.STR, description=f"Filter by {name.replace('_', ' ')}.")
        for name in spec.filters
    ]


def dataset_views(spec: DatasetSpec) -> tuple[type, type]:
    name = "".join(part.capitalize() for part in spec.dataset.value.split("_"))
    attrs = {"spec": spec, "required_scopes": [spec.scope]}
    list_view = extend_schema_view(
        get=extend_schema(
            operation_id=f"partner_{spec.dataset.value}_list",
            summary=f"List shared {spec.dataset.label}",
            parameters=_filter_parameters(spec),
            responses={200: OpenApiTypes.OBJECT, 304: None},
            tags=[spec.dataset.value],
        )
    )(type(f"{name}ListView", (SharedListView,), {**attrs, "__doc__": f"Pages of {spec.dataset.label}."}))
    detail_view = extend_schema_view(
        get=extend_schema(
            operation_id=f"partner_{spec.dataset.value}_retrieve",
            summary=f"One shared record of {spec.dataset.label}",
            parameters=[OpenApiParameter("fields", OpenApiTypes.STR, description="Comma-separated fields.")],
            responses={200: OpenApiTypes.OBJECT, 304: None, 410: OpenApiTypes.OBJECT},
            tags=[spec.dataset.value],
        )
    )(type(f"{name}DetailView", (SharedDetailView,), {**attrs, "__doc__": f"One of {spec.dataset.label}."}))
    return list_view, detail_view


DATASET_VIEWS = {key: dataset_views(spec) for key, spec in DATASETS.items()}


class AccessLogPagination(CursorPagination):
    ordering = "-created_at"
    page_size = 100


class AccessLogView(ExternalAPIMixin, APIView):
    """Your organization's own access log: every call its clients made and every webhook
    delivered to them, newest first."""

    access_rule = PARTNER_RULE

    @extend_schema(
        parameters=[
            OpenApiParameter("direction", OpenApiTypes.STR, enum=["pull", "push"]),
            OpenApiParameter("endpoint", OpenApiTypes.STR),
            OpenApiParameter("since", OpenApiTypes.DATETIME),
            OpenApiParameter("cursor", OpenApiTypes.STR),
        ],
        # The cursor page it answers, as the schema must say (schemathesis found the bare list).
        responses=inline_serializer(
            "PaginatedAccessLogEntryList",
            fields={
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": AccessLogEntrySerializer(many=True),
            },
        ),
    )
    def get(self, request):
        client = partner_client_of(request)
        since = request.query_params.get("since")
        rows = access_log_filtered(
            direction=request.query_params.get("direction", ""),
            endpoint=request.query_params.get("endpoint", ""),
            since=parse_updated_since(since, "since") if since else None,
        )
        rows = (
            rows.filter(partner=client.organization) if client.organization_id else rows.filter(client=client)
        )
        paginator = AccessLogPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        agreement_ids = {row.agreement_id for row in page if row.agreement_id}
        uids = dict(DataSharingAgreement.objects.filter(pk__in=agreement_ids).values_list("pk", "uid"))
        context = {"agreement_uids": {pk: str(uid) for pk, uid in uids.items()}}
        return paginator.get_paginated_response(
            AccessLogEntrySerializer(page, many=True, context=context).data
        )


# RFC 6749 token endpoint (client credentials only) and RFC 7009 revocation. Their errors
# follow the OAuth specification ({"error": "invalid_scope"}), as partner OAuth libraries expect.
token_view = public(method_decorator(csrf_exempt, name="dispatch")(PartnerTokenView).as_view())


revoke_token_view = public(method_decorator(csrf_exempt, name="dispatch")(PartnerRevokeTokenView).as_view())


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
