from django.apps import AppConfig


class ExternalApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "external_api"
    verbose_name = "External API: partner clients, scopes, webhooks"

    def ready(self):
        from common import outbox
        from common.demo import register
        from common.navigation import NavItem
        from common.navigation import register as nav_register
        from common.permissions import Action, Area, area_rule
        from common.services.outbox import DOMAIN_EVENT_TOPIC
        from external_api import schema  # noqa: F401  (registers the OpenAPI security scheme)
        from external_api.demo import demo_partner_seed
        from external_api.services.webhooks import (
            DELIVER_TOPIC,
            DISABLED_NOTICE_TOPIC,
            domain_event_handle,
            webhook_deliveries_queue,
            webhook_disabled_notice_send,
        )

        register("partner API client", demo_partner_seed, order=900)
        nav_register(
            NavItem(
                "Partner data sharing",
                "external_api:partners",
                area_rule(Area.EXTERNAL_API, Action.MANAGE),
                "API clients, data sharing agreements, webhooks and the access log.",
                order=90,
            )
        )
        # Domain events become webhook deliveries; a repeat is harmless (source key).
        outbox.register(DOMAIN_EVENT_TOPIC, domain_event_handle)
        # Deliveries made by a write are queued after it commits, whatever the broker's state.
        outbox.register(DELIVER_TOPIC, webhook_deliveries_queue)
        # An email handed to SMTP cannot be taken back: never sent twice.
        outbox.register(DISABLED_NOTICE_TOPIC, webhook_disabled_notice_send, at_most_once=True)
