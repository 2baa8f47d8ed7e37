from django.urls import path, re_path, register_converter

from service_catalog import open311


class FormatConverter:
    """The spec's response format suffix: services.json, services.xml."""

    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "open311_format")

# Open311 GeoReport v2 at /open311/v2/ (namespace "open311").
app_name = "open311"

urlpatterns = [
    path("discovery.<open311_format:format>", open311.discovery, name="discovery"),
    path("services.<open311_format:format>", open311.service_list, name="services"),
    path("services/<slug:slug>.<open311_format:format>", open311.service_definition, name="service"),
    path("requests.<open311_format:format>", open311.requests, name="requests"),
    path("requests/<str:code>.<open311_format:format>", open311.request_detail, name="request"),
    # Everything else under /open311/v2/ answers the spec's error format, not an HTML 404.
    re_path(r"^(?P<path>.*)$", open311.not_found, name="not_found"),
]
