"""OpenAPI schema and docs views, one set per namespace (drf-spectacular)."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authentication import SessionAuthentication

from common.api.jwt import JWTAuthentication
from common.permissions import PUBLIC, Action, Area, MatrixPermission, area_rule

# Internal docs are for staff (any staff role); public and partner docs are open to read.
_STAFF_DOCS = area_rule(Area.REGISTRY, Action.VIEW)


def schema_views(*, urlconf: str, namespace: str, title: str, staff_only: bool):
    rule = _STAFF_DOCS if staff_only else PUBLIC
    auth = [SessionAuthentication, JWTAuthentication] if staff_only else []

    schema = type(
        f"{namespace}SchemaView",
        (SpectacularAPIView,),
        {
            "urlconf": urlconf,
            "custom_settings": {"TITLE": title},
            "authentication_classes": auth,
            "permission_classes": [MatrixPermission],
            "access_rule": rule,
        },
    ).as_view()
    docs = type(
        f"{namespace}DocsView",
        (SpectacularSwaggerSplitView,),
        {
            "url_name": f"{namespace}:schema",
            "title": title,
            "authentication_classes": auth,
            "permission_classes": [MatrixPermission],
            "access_rule": rule,
        },
    ).as_view()
    return schema, docs
