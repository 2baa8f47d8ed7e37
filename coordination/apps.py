from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coordination"

    def ready(self):
        from common import demo, reference
        from common.navigation import NavItem, register
        from common.permissions import Action, Area, area_rule
        from coordination.demo import demo_users_seed, mao_reference_seed
        from coordination.services.reference_data import mao_reference_load

        demo.register("real MAOs", mao_reference_seed, order=-25)
        reference.register("MAOs", lambda fiscal_year: mao_reference_load().lines(), order=10)
        demo.register("demo users", demo_users_seed, order=0)

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
