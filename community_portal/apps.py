from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityPortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community_portal"
    verbose_name = _("Community portal")

    def ready(self) -> None:
        from common import demo, extensions, navigation, outbox
        from common.permissions import Action, Area, area_rule
        from community_portal.demo import portal_demo_seed
        from community_portal.services.notify import TOPIC, portal_notify_deliver
        from community_portal.services.requests import (
            RELAY_TOPIC,
            catalog_change_announced,
            catalog_change_relay_handle,
        )
        from service_catalog.services.requests import REQUEST_CHANGED

        portal = area_rule(Area.PORTAL, Action.CHANGE)
        staff = area_rule(Area.PORTAL, Action.MANAGE)
        for item in (
            navigation.NavItem(_("Community portal"), "community_portal:home", portal, order=80),
            navigation.NavItem(_("Leader verification"), "community_portal:staff_leaders", staff, order=81),
            navigation.NavItem(_("OBC requests"), "community_portal:staff_requests", staff, order=82),
            navigation.NavItem(_("Consultations"), "community_portal:staff_consultations", staff, order=83),
            navigation.NavItem(_("Comment moderation"), "community_portal:staff_moderation", staff, order=84),
            navigation.NavItem(_("Client satisfaction"), "community_portal:staff_feedback", staff, order=85),
        ):
            navigation.register(item)
        # Email cannot tell a repeat: an interrupted send is not sent twice but left for a person.
        outbox.register(TOPIC, portal_notify_deliver, at_most_once=True)
        # Catalog requests filed here change in the catalog's triage: the catalog announces each
        # change in its transaction, and the relay runs from the outbox (no polling).
        extensions.provide(REQUEST_CHANGED, catalog_change_announced)
        outbox.register(RELAY_TOPIC, catalog_change_relay_handle)
        demo.register("community_portal", portal_demo_seed, order=700)
