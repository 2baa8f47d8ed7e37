"""Fixtures every app's tests share."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from common.models import Role
from common.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttle counters and lockouts live in the cache (Redis): no test inherits another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user_for_role(db):
    """user_for_role(Role.X) -> a new active user of that role."""

    def make(role: Role, **fields):
        return UserFactory(role=role, **fields)

    return make


@pytest.fixture
def users_by_role(user_for_role):
    return {role: user_for_role(role) for role in Role}


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """A real Celery worker on a queue of its own (see tests/celery_worker.py)."""
    from tests.celery_worker import start_worker, stop_worker

    worker = start_worker(tmp_path)
    yield worker
    stop_worker(worker)
