"""Attachments people send: images or PDF only, checked by their first bytes (what the
browser says a file is proves nothing), and capped in size."""

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from common.errors import ApplicationError

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# Magic numbers of the accepted formats.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def sniff(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def checked_attachment(upload: UploadedFile) -> tuple[UploadedFile, str]:
    """The upload and its real type; refused when too large or not an image or PDF."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ApplicationError(
            _("%(name)s is larger than 5 MB.") % {"name": upload.name}, field="attachments"
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise ApplicationError(
            _("%(name)s is not an image or a PDF.") % {"name": upload.name}, field="attachments"
        )
    return upload, content_type
