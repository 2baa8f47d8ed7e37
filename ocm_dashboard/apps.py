from django.apps import AppConfig


class OcmDashboardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ocm_dashboard"
    verbose_name = "OCM oversight dashboard"

    def ready(self):
        from common import demo
        from common.navigation import NavItem, register
        from common.permissions import Area, area_rule
        from ocm_dashboard.demo import dashboard_demo_seed

        register(
            NavItem(
                "Oversight dashboard",
                "ocm_dashboard:index",
                area_rule(Area.DASHBOARD),
                "Who serves which OBC communities with what budget; gaps and overlaps between MAOs.",
                order=200,
            )
        )
        # After the core seed (PPAs, communities, planted overlaps).
        demo.register("OCM dashboard", dashboard_demo_seed, order=700)

        from common import outbox
        from ocm_dashboard.services.snapshots import DETECTION_TOPIC, SNAPSHOT_TOPIC
        from ocm_dashboard.tasks import detect_overlaps_handle, take_snapshot_handle

        outbox.register(DETECTION_TOPIC, detect_overlaps_handle)
        outbox.register(SNAPSHOT_TOPIC, take_snapshot_handle)

        from common.selectors.home import register_pending
        from ocm_dashboard.selectors.home import home_pending

        register_pending(home_pending, order=10)

        from common import outbox
        from monitoring.services.ppas import PPA_CHANGED_TOPIC
        from ocm_dashboard.services.dirty_years import ppa_changed_handle

        outbox.register(PPA_CHANGED_TOPIC, ppa_changed_handle)
