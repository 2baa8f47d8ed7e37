"""One OpenAPI 3 schema per namespace, valid, with no generator warnings."""

import pytest
import yaml
from django.core.management import call_command

from common.models import Role
from common.tests.page_checks import signed_in


@pytest.mark.parametrize("namespace", ["internal", "public", "external"])
def test_schema_is_valid_with_no_warnings(namespace, tmp_path):
    target = tmp_path / f"{namespace}.yaml"
    call_command(
        "spectacular",
        "--urlconf",
        f"obc_management.api_{namespace}",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(target),
    )
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert all(path.startswith(f"/api/v1/{namespace}/") for path in schema["paths"])


@pytest.mark.django_db
def test_partner_docs_describe_the_client_credentials_flow(client):
    schema = yaml.safe_load(client.get("/api/v1/external/schema/").content)
    flow = schema["components"]["securitySchemes"]["partnerOAuth2"]["flows"]["clientCredentials"]
    assert flow["tokenUrl"] == "/api/v1/external/oauth/token/"
    assert "ppas:read" in flow["scopes"]


@pytest.mark.django_db
def test_docs_pages_load_their_assets_from_our_own_static_files(client):
    html = client.get("/api/v1/public/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn." not in html and "unpkg" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("namespace", ["internal", "public", "external"])
def test_every_docs_page_leads_back_to_the_app_and_has_no_inline_style(client, namespace):
    if namespace == "internal":
        signed_in(client, Role.OOBC_STAFF)
    response = client.get(f"/api/v1/{namespace}/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<nav class="api-docs-back"' in html and '<a href="/">' in html
    assert "<style" not in html  # the CSP refuses inline styles
