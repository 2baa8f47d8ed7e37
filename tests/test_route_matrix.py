"""Walk every URL pattern for every role and compare the answer with the permission matrix.

Each route declares an AccessRule (common.permissions). A route without one fails here:
deny by default. Routes with parameters need a sample in SAMPLE_PARAMS.
"""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from common.models import Role
from common.permissions import Action, RuleKind, has_access, rule_of
from common.tests.factories import UserFactory
from external_api.scopes import SCOPES
from external_api.tests.factories import make_agreement, make_partner_client
from tests.helpers import bearer, oauth_token
from tests.routes import all_routes, project_routes

REMOTE = "203.0.113.7"  # not a metrics-allowed address
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")

# Sample values for URL parameters, by parameter name. A callable gets the db-backed context.
# Objects that do not exist: a role the rule allows gets 404 from the lookup, a role it
# refuses is stopped before the lookup (403 or sign-in), so the two stay distinguishable.
SAMPLE_PARAMS = {
    "uidb64": lambda ctx: "MQ",
    "token": lambda ctx: "set-password",
    "uid": lambda ctx: str(uuid.uuid4()),
    "delivery_uid": lambda ctx: str(uuid.uuid4()),
    "client_id": lambda ctx: "no-such-client",
    "slug": lambda ctx: "no-such-service",
    "code": lambda ctx: "SR-2345-6789",
    "format": lambda ctx: "json",
    "path": lambda ctx: "no-such-resource.json",
    "psgc": lambda ctx: "0000000000",
}

PERSONAS = ["anonymous", *[role.value for role in Role]]


def _is_denied(response) -> bool:
    if response.status_code in (401, 403):
        return True
    return response.status_code == 302 and response["Location"].startswith(LOGIN_PATHS)


@pytest.fixture
def personas(db, api_client):
    users = {role.value: UserFactory(role=role) for role in Role if role != Role.EXTERNAL_PARTNER}
    profile, secret = make_partner_client(scopes=list(SCOPES))
    make_agreement(profile.organization)  # partner data flows only under an agreement in force
    users[Role.EXTERNAL_PARTNER.value] = profile.application.user
    partner_token = oauth_token(api_client, profile.application.client_id, secret).json()["access_token"]
    return users, partner_token


def _request(client, route, url, persona, users, partner_token, method="get"):
    user = users.get(persona)
    headers = {"REMOTE_ADDR": REMOTE}
    if user is not None:
        if route.namespace == "api-external" and persona == Role.EXTERNAL_PARTNER.value:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {partner_token}"
        elif route.namespace.startswith("api-"):
            headers.update(bearer(user))
        else:
            client.force_login(user)
    return getattr(client, method)(url, **headers)


def test_every_route_declares_an_access_rule():
    missing = [
        f"{route.name or '(unnamed)'} -> {route.pattern}"
        for route in project_routes()
        if rule_of(route.callback) is None
    ]
    assert not missing, "Routes without an AccessRule (add one, and a row to the matrix):\n" + "\n".join(
        missing
    )


def test_every_route_with_parameters_has_a_sample():
    lacking = {param for route in project_routes() for param in route.params if param not in SAMPLE_PARAMS}
    assert not lacking, f"Add samples to SAMPLE_PARAMS for: {sorted(lacking)}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_route_answers_each_role_as_the_matrix_says(persona, personas, client):
    users, partner_token = personas
    user = users.get(persona) or AnonymousUser()
    mismatches = []
    for route in project_routes():
        rule = rule_of(route.callback)
        kwargs = {param: SAMPLE_PARAMS[param](users) for param in route.params}
        url = reverse(route.name, kwargs=kwargs)
        client.logout()
        response = _request(client, route, url, persona, users, partner_token)
        expected_allowed = rule.allows(user)
        if rule.kind is RuleKind.AREA and route.namespace == "api-external" and persona != "external_partner":
            expected_allowed = False  # partner endpoints accept only partner OAuth tokens
        denied = _is_denied(response)
        if response.status_code >= 500 or denied == expected_allowed:
            mismatches.append(
                f"{route.name} {url}: {response.status_code} (expected "
                f"{'allowed' if expected_allowed else 'denied'})"
            )
    assert not mismatches, f"{persona}:\n" + "\n".join(mismatches)


@pytest.mark.parametrize("persona", [role.value for role in Role if role != Role.EXTERNAL_PARTNER])
def test_writes_to_api_routes_need_the_change_grant(persona, personas, api_client):
    """A role that may only view an area is refused a write before its input is even read."""
    users, partner_token = personas
    user = users[persona]
    for route in project_routes():
        rule = rule_of(route.callback)
        view_class = getattr(route.callback, "cls", None)
        if rule.kind is not RuleKind.AREA or view_class is None or not hasattr(view_class, "post"):
            continue
        if route.params:
            continue  # object routes: covered by their app's tenant and permission tests
        url = reverse(route.name)
        response = _request(api_client, route, url, persona, users, partner_token, method="post")
        if not has_access(user, rule.area, getattr(view_class, "write_action", Action.CHANGE)):
            assert response.status_code in (401, 403), f"{persona} wrote to {url}: {response.status_code}"


def test_admin_is_for_staff_accounts_only(db, client):
    admin_routes = [route for route in all_routes() if route.namespace == "admin" and not route.params]
    assert admin_routes
    superuser = UserFactory(role=Role.OOBC_EXECUTIVE, is_staff=True, is_superuser=True)
    executive_without_admin = UserFactory(role=Role.OOBC_EXECUTIVE)
    for route in admin_routes:
        if route.name in ("admin:logout", "admin:login"):
            continue  # the admin's own sign-in and sign-out pages are open by design
        url = reverse(route.name)
        client.force_login(executive_without_admin)
        denied = client.get(url)
        assert denied.status_code == 302 and "/admin/login/" in denied["Location"], route.name
        client.force_login(superuser)
        allowed = client.get(url)
        # Admin may still answer 403 to a superuser for a page a model forbids (adding a
        # blacklisted token, say); what matters here is that it never sends them to sign in.
        assert allowed.status_code < 500, route.name
        assert not (allowed.status_code == 302 and "/admin/login/" in allowed["Location"]), route.name
