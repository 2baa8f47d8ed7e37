from django.apps import AppConfig


class CommonConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "common"
    verbose_name = "Common: users, roles, geography, communities"

    def ready(self):
        from common import demo
        from common.dates import sane_dates_everywhere

        sane_dates_everywhere()
        from django.conf import settings

        if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
            from common.sqlite import sqlite_integers_bounded

            sqlite_integers_bounded()
        from common.navigation import NavItem, register
        from common.services.geography import geography_seed

        # The demo runs in order: real data first (geography here, MAOs in coordination, PPAs
        # in monitoring), then the accounts (coordination), then the synthetic data (monitoring).
        demo.register("real geography", geography_seed, order=-30)
        from common.permissions import AUTHENTICATED, Action, Area, area_rule

        register(NavItem("Home", "common:home", AUTHENTICATED, "Your access and shortcuts.", order=0))
        register(
            NavItem(
                "Communities",
                "communities:community_list",
                area_rule(Area.REGISTRY, Action.VIEW),
                "OBC communities by place and group, with their needs and the PPAs serving them.",
                order=20,
            )
        )
        register(
            NavItem(
                "Internal API",
                "api-internal:docs",
                # Only in the executive's menu: other staff reach the docs from the footer.
                area_rule(Area.EXTERNAL_API, Action.VIEW),
                "Interactive documentation of the staff API (JWT).",
                order=900,
            )
        )
