# Load the Celery app with Django, so @shared_task uses its configuration.
from obc_management.celery import app as celery_app

__all__ = ("celery_app",)
