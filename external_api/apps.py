from django.apps import AppConfig


class ExternalApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "external_api"
    verbose_name = "External API: partner clients, scopes, webhooks"

    def ready(self):
        from common.demo import register
        from external_api import schema  # noqa: F401  (registers the OpenAPI security scheme)
        from external_api.demo import demo_partner_seed

        register("partner API client", demo_partner_seed, order=900)
