from django.apps import AppConfig


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reporting"
    verbose_name = "Reports: templates, schedules, generated files, deliveries"

    def ready(self):
        from common import demo, outbox
        from reporting.demo import reporting_demo_seed
        from reporting.services.deliveries import DELIVER_TOPIC
        from reporting.services.reports import GENERATE_TOPIC
        from reporting.tasks import on_deliver, on_generate

        outbox.register(GENERATE_TOPIC, on_generate)
        outbox.register(DELIVER_TOPIC, on_deliver)
        demo.register("reports", reporting_demo_seed, order=900)
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
