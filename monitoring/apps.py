from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"

    def ready(self):
        from common.navigation import NavItem, register
        from common.permissions import Action, Area, area_rule

        register(
            NavItem(
                "PPA register",
                "monitoring:ppa_list",
                area_rule(Area.REGISTRY, Action.VIEW),
                "Programs, projects and activities for OBCs: budgets, progress, communities served.",
                order=10,
            )
        )

        from common.selectors.home import register_pending
        from monitoring.selectors import home_pending

        register_pending(home_pending, order=20)
