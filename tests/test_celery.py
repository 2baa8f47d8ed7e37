"""Celery configuration, and a real worker running a real task against Redis and PostgreSQL."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from obc_management.celery import app as celery_app
from tests.processes import wait_until


def test_tasks_are_routed_to_their_app_queue():
    router = celery_app.amqp.router
    assert router.route({}, "automation.tasks.x")["queue"].name == "automation"
    assert router.route({}, "reporting.tasks.x")["queue"].name == "reports"
    assert router.route({}, "ocm_dashboard.tasks.x")["queue"].name == "dashboard"
    assert router.route({}, "external_api.tasks.x")["queue"].name == "external"
    assert router.route({}, "common.tasks.housekeeping")["queue"].name == "default"


def test_reliability_defaults():
    conf = celery_app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit


def test_tasks_that_autoretry_name_the_real_redis_and_postgresql_connection_errors():
    import django.db
    import kombu.exceptions
    import redis.exceptions

    celery_app.loader.import_default_modules()
    retrying = {
        name: task
        for name, task in celery_app.tasks.items()
        if not name.startswith("celery.") and getattr(task, "autoretry_for", ())
    }
    assert retrying, "some task retries"
    real_errors = (
        redis.exceptions.ConnectionError,
        kombu.exceptions.OperationalError,
        django.db.OperationalError,
        django.db.InterfaceError,
    )
    for name, task in retrying.items():
        for error in real_errors:
            assert issubclass(error, tuple(task.autoretry_for)), f"{name} does not retry {error.__name__}"


@pytest.mark.worker
def test_a_real_worker_runs_housekeeping(celery_worker):
    expired = Session.objects.create(
        session_key="expired-session-key-for-test",
        session_data="",
        expire_date=timezone.now() - timedelta(days=1),
    )
    alive = Session.objects.create(
        session_key="alive-session-key-for-test-x",
        session_data="",
        expire_date=timezone.now() + timedelta(days=1),
    )
    celery_worker.send("common.tasks.housekeeping")
    wait_until(lambda: not Session.objects.filter(pk=expired.pk).exists(), timeout=30)
    assert Session.objects.filter(pk=alive.pk).exists()
    assert "common.tasks.housekeeping" in celery_worker.log()
