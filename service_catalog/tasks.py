"""Celery tasks of service_catalog: none. Requesters are told through the outbox
(`service_catalog.status_change_notify`, see services/requests.py)."""
