from django.apps import AppConfig


class AutomationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "automation"
    verbose_name = "Automation: quarterly coordination meetings"

    def ready(self):
        from automation.demo import automation_demo_seed
        from common import demo
        from common.navigation import NavItem, register
        from common.permissions import Action, Area, area_rule

        register(
            NavItem(
                "Meetings",
                "automation:year",
                area_rule(Area.MEETINGS, Action.VIEW),
                "Quarterly coordination meetings: schedule, reminders, minutes, action items, reports.",
                order=30,
            )
        )
        demo.register("quarterly meetings", automation_demo_seed, order=600)

        from automation.services.reminders import SEND_DUE_TOPIC, send_due_handle
        from common import outbox

        outbox.register(SEND_DUE_TOPIC, send_due_handle)

        from common.links import register_home

        # A quarterly meeting's home is its meeting page; the engagement pages link to it.
        register_home("coordination.StakeholderEngagement", _meeting_page_of)

        from automation.selectors import home_pending
        from common.selectors.home import register_pending

        register_pending(home_pending, order=30)


def _meeting_page_of(engagement) -> str | None:
    from django.urls import reverse

    from automation.models import SeriesMeeting

    if not SeriesMeeting.objects.filter(engagement=engagement).exists():
        return None
    return reverse("automation:meeting", kwargs={"uid": engagement.uid})
