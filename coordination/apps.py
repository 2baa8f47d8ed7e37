from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coordination"

    def ready(self):
        from common.navigation import NavItem, register
        from common.permissions import Action, Area, area_rule

        registry = area_rule(Area.REGISTRY, Action.VIEW)
        register(
            NavItem(
                "MAOs",
                "coordination:organization_list",
                registry,
                "The ministries, agencies and offices: mandates, focal persons, PPAs and budgets.",
                order=30,
            )
        )
        register(
            NavItem(
                "Engagements",
                "coordination:engagement_list",
                registry,
                "Coordination meetings and consultations: participants, minutes, action items.",
                order=40,
            )
        )
