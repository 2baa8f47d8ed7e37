"""
WSGI config for obc_management project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "obc_management.settings.base")

application = get_wsgi_application()
# What loading the application created lives as long as the process: moved out of the
# collector's generations, it is no longer scanned by every full collection a request's
# allocations trigger (tens of milliseconds per collection on a page of 500 partner rows).
gc.freeze()
