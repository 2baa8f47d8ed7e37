"""Schemathesis over the three OpenAPI schemas, as the real roles: valid and invalid inputs
generated from each schema must never get a 5xx, and documented answers must match the
schema. A bounded example budget keeps it to about a minute (issue 11)."""

import contextlib
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from common.models import Role
from common.tests.factories import UserFactory
from external_api.scopes import SCOPES
from external_api.tests.factories import make_partner_client
from tests.helpers import bearer, oauth_token

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
EXAMPLES = 4  # per operation and role: ~90 operations, both valid and invalid data
CHECKS = [not_a_server_error, response_schema_conformance]


@contextlib.contextmanager
def _keep_the_test_connection():
    """The WSGI handler closes the database connection around each request (Django's test
    client turns that off while it runs, and back on after; calling the WSGI app directly
    does not): keep the test's one."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _schema(path: str, headers: dict):
    with _keep_the_test_connection():
        return schemathesis.openapi.from_wsgi(f"{path}?format=json", get_wsgi_application(), headers=headers)


def _fuzz(schema, headers: dict) -> list[str]:
    """Run every operation with the budget; returns the failures (operation: what failed).
    Fails too when no call at all succeeded (a role whose token is refused tests nothing)."""
    failures, statuses = [], Counter()
    with _keep_the_test_connection():
        _fuzz_operations(schema, headers, failures, statuses)
    assert sum(count for status, count in statuses.items() if status < 300) > 0, statuses
    return failures


def _fuzz_operations(schema, headers: dict, failures: list, statuses: Counter) -> None:
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(
            case=st.one_of(
                operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
            )
        )
        def check(case):
            cache.clear()  # throttle counters: every example is answered, not 429
            response = case.call(headers=headers)
            statuses[response.status_code] += 1
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except Exception as error:  # noqa: BLE001 - collected so one run reports every operation
            failures.append(f"{operation.verbose_name}: {str(error)[:600]}")


def test_the_public_api_never_answers_5xx_to_anonymous_callers():
    schema = _schema("/api/v1/public/schema/", {})
    failures = _fuzz(schema, {})
    assert failures == [], "\n\n".join(failures)


@pytest.mark.parametrize("role", [Role.OOBC_EXECUTIVE, Role.MAO_FOCAL])
def test_the_internal_api_never_answers_5xx_to_staff(role):
    user = UserFactory(role=role)
    token = bearer(user)
    schema = _schema("/api/v1/internal/schema/", {"Authorization": token["HTTP_AUTHORIZATION"]})
    failures = _fuzz(schema, {"Authorization": token["HTTP_AUTHORIZATION"]})
    assert failures == [], "\n\n".join(failures)


def test_the_external_api_never_answers_5xx_to_a_partner():
    profile, secret = make_partner_client(scopes=tuple(SCOPES))
    access = oauth_token(Client(), profile.application.client_id, secret).json()["access_token"]
    schema = _schema("/api/v1/external/schema/", {})
    failures = _fuzz(schema, {"Authorization": f"Bearer {access}"})
    assert failures == [], "\n\n".join(failures)
