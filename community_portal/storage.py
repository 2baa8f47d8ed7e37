"""Where portal uploads live: a directory outside the web root, never served by a URL of
its own. Staff download through views that re-check their grant."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    # A callable, so settings (and test overrides of MEDIA_ROOT) are read when used.
    return FileSystemStorage(location=os.path.join(str(settings.MEDIA_ROOT), "private"), base_url=None)
