from django.apps import AppConfig


class ServiceCatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "service_catalog"
    verbose_name = "Service catalog, service requests and Open311"

    def ready(self):
        from common import demo
        from common.navigation import NavItem, register
        from common.permissions import AUTHENTICATED, Action, Area, area_rule
        from service_catalog.demo import catalog_demo_seed

        manage = area_rule(Area.CATALOG, Action.CHANGE)
        register(
            NavItem(
                "Service catalog",
                "service_catalog:home",
                AUTHENTICATED,
                "The public catalog of MAO services with their Citizen's Charters.",
                order=300,
            )
        )
        register(
            NavItem("Manage catalog", "service_catalog:entries", manage, "Catalog entries and charters.", 310)
        )
        register(
            NavItem("Request triage", "service_catalog:triage", manage, "Service requests to answer.", 320)
        )
        demo.register("service catalog", catalog_demo_seed, order=650)

        from common import outbox
        from service_catalog.services.requests import NOTIFY_TOPIC, status_change_notify_handle

        # Retried with backoff for about a day and a half before a person has to look.
        outbox.register(NOTIFY_TOPIC, status_change_notify_handle, max_attempts=14)

        from common.selectors.home import register_pending
        from service_catalog.selectors import home_pending

        register_pending(home_pending, order=40)
