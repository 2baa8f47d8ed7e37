from django.apps import AppConfig


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reporting"
    verbose_name = "Reports: templates, schedules, generated files, deliveries"

    def ready(self):
        from common.navigation import NavItem, register
        from common.permissions import Action, Area, area_rule

        register(
            NavItem(
                "Reports",
                "reporting:index",
                area_rule(Area.REPORTS, Action.VIEW),
                "PDF, Excel and Word reports, their schedules and the delivery log.",
                order=500,
            )
        )
