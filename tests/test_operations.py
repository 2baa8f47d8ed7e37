"""Liveness, readiness, metrics, request ids and JSON logs."""

import copy
import json
import logging

import pytest
from django.conf import settings
from django.test import override_settings

from common.models import Role
from common.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_liveness_answers(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readiness_checks_database_cache_and_broker(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_readiness_names_the_part_that_is_down(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error"
    assert response.json()["checks"]["database"] == "ok"


def test_metrics_are_refused_to_anonymous_remote_callers(client):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403


def test_metrics_are_served_to_the_scraper_host_and_to_executives(client):
    client.get("/healthz")
    local = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert local.status_code == 200
    assert 'obcms_http_request_duration_seconds_count{method="GET",route="healthz",status="200"}' in (
        local.content.decode()
    )
    client.force_login(UserFactory(role=Role.OOBC_EXECUTIVE))
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_every_response_carries_a_request_id_and_keeps_a_given_one(client):
    assert len(client.get("/healthz")["X-Request-ID"]) >= 16
    assert client.get("/healthz", HTTP_X_REQUEST_ID="trace-abc-123")["X-Request-ID"] == "trace-abc-123"


def test_log_lines_are_json_with_the_request_id():
    from logging.config import dictConfig

    from django_guid import set_guid

    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"]["formatter"] = "json"  # what production uses
    dictConfig(config)
    handler = logging.getLogger().handlers[0]
    set_guid("req-42")
    record = logging.LogRecord("obcms.test", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    for log_filter in handler.filters:
        log_filter.filter(record)
    line = json.loads(handler.formatter.format(record))
    assert line["message"] == "hello world" and line["request_id"] == "req-42" and line["level"] == "INFO"
