from django.apps import AppConfig


class CommunityPortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community_portal"
