from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"

    def ready(self):
        from common import demo, extensions, reference
        from common.navigation import NavItem, register
        from common.permissions import Action, Area, area_rule
        from monitoring.demo import ppa_reference_seed, synthetic_demo_seed
        from monitoring.selectors import organization_ppa_totals, organization_ppas
        from monitoring.services.reference_data import ppa_reference_load

        extensions.provide("organization_ppa_totals", organization_ppa_totals)
        extensions.provide("organization_ppas", organization_ppas)
        demo.register("real PPAs", ppa_reference_seed, order=-20)
        reference.register(
            "PPAs", lambda fiscal_year: ppa_reference_load(fiscal_year=fiscal_year).lines(), order=20
        )
        demo.register("synthetic demo data", synthetic_demo_seed, order=10)

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
