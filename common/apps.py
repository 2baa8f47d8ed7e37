from django.apps import AppConfig


class CommonConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "common"
    verbose_name = "Common: users, roles, geography, communities"

    def ready(self):
        from common import demo
        from common.navigation import NavItem, register
        from common.services.demo import geography_seed, reference_data_seed, synthetic_demo_seed
        from common.services.platform import demo_users_seed

        # Real data first, then the accounts, then the synthetic data that uses both.
        demo.register("real geography", geography_seed, order=-30)
        demo.register("real MAOs and PPAs", reference_data_seed, order=-20)
        demo.register("demo users", demo_users_seed, order=0)
        demo.register("synthetic demo data", synthetic_demo_seed, order=10)
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
