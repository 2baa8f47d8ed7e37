"""Routes of the partner API, included under /api/v1/external/ by obc_management.api_external."""

from django.urls import path

from external_api.api import views

routes = [
    path("oauth/token/", views.token_view, name="oauth-token"),
    path("oauth/revoke/", views.revoke_token_view, name="oauth-revoke"),
    path("whoami/", views.WhoAmIView.as_view(), name="whoami"),
    path("access-log/", views.AccessLogView.as_view(), name="access-log"),
    path("webhooks/", views.WebhookListView.as_view(), name="webhooks"),
    path("webhooks/register/", views.WebhookRegisterView.as_view(), name="webhook-register"),
    path("webhooks/<uuid:uid>/", views.WebhookDetailView.as_view(), name="webhook-detail"),
    path("webhooks/<uuid:uid>/rotate/", views.WebhookRotateView.as_view(), name="webhook-rotate"),
    path("webhooks/<uuid:uid>/test/", views.WebhookTestView.as_view(), name="webhook-test"),
    path("webhooks/<uuid:uid>/deliveries/", views.WebhookDeliveriesView.as_view(), name="webhook-deliveries"),
    path("webhooks/<uuid:uid>/replay/", views.WebhookReplayView.as_view(), name="webhook-replay"),
    path(
        "webhooks/<uuid:uid>/deliveries/<uuid:delivery_uid>/replay/",
        views.WebhookDeliveryReplayView.as_view(),
        name="webhook-delivery-replay",
    ),
]
for dataset, (list_view, detail_view) in views.DATASET_VIEWS.items():
    routes += [
        path(f"{dataset}/", list_view.as_view(), name=f"{dataset}-list"),
        # Detail paths take any text so a malformed id is a 404, not a routing miss.
        path(f"{dataset}/<str:uid>/", detail_view.as_view(), name=f"{dataset}-detail"),
    ]
