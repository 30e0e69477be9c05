"""Files attached to a case (photos of the leak, a pressure-test report): the type is read from the
content, not the name a phone gave it; the size is capped; the stored name cannot be guessed, and the
file is only ever served through a view that checks the case's permissions."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# What a file starts with → (content type, extension). Enough for photos and scanned reports.
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
]


def max_upload_bytes() -> int:
    return int(getattr(settings, "BAIMI_MEDIATION_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def checked_upload(upload: UploadedFile) -> tuple[str, str]:
    """(content type, unguessable stored name) for an acceptable file, else ValidationError."""
    limit = max_upload_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head)
    if found is None:
        raise ValidationError(_("Only PDF, JPEG and PNG files can be attached."))
    content_type, extension = found
    return content_type, f"{secrets.token_urlsafe(24)}.{extension}"
