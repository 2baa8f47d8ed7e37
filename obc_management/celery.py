"""The Celery app: Redis broker, JSON only, one queue per feature group.

Reliability defaults (ARCHITECTURE §3): a task is acknowledged only after it finished
(acks_late), is redelivered if its worker dies (reject_on_worker_lost), has time limits,
and never waits hours in the broker: anything due later is a database row with a due time
that a periodic task picks up.
"""

import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "obc_management.settings.base")

app = Celery("obc_management")
app.config_from_object("django.conf:settings", namespace="CELERY")

QUEUES = ("automation", "reports", "dashboard", "external", "default")

app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_default_queue="default",
    task_queues=[Queue(name) for name in QUEUES],
    # Routed by the app that owns the task; everything else goes to `default`.
    task_routes={
        "automation.*": {"queue": "automation"},
        "reporting.*": {"queue": "reports"},
        "ocm_dashboard.*": {"queue": "dashboard"},
        "external_api.*": {"queue": "external"},
    },
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    task_time_limit=15 * 60,
    task_soft_time_limit=14 * 60,
    # One task at a time per process: with acks_late, prefetched tasks would wait behind a long one.
    worker_prefetch_multiplier=1,
    # Longer than any task's time limit, shorter than anything we would wait for a redelivery.
    broker_transport_options={"visibility_timeout": 60 * 60},
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    beat_scheduler="django_celery_beat.schedulers:DatabaseScheduler",
    worker_hijack_root_logger=False,
)

app.autodiscover_tasks()
