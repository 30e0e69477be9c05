"""Photos come from phones: the content must really be a JPEG, PNG or WebP image (decoded with
Pillow, whatever the file is called) and not larger than ``BAIMI_HELP_PHOTO_MAX_MB``. A photo that
fails is dropped with a message; the request itself is kept."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def check_photo(upload: UploadedFile) -> str | None:
    """None if the photo is fine, otherwise why not (for the person who sent it)."""
    limit_mb = getattr(settings, "BAIMI_HELP_PHOTO_MAX_MB", 8)
    if upload.size is not None and upload.size > limit_mb * 1024 * 1024:
        return _("The photo is larger than %(mb)s MB, so it was not attached.") % {"mb": limit_mb}
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return _("The file is not a photo we can read (JPEG, PNG or WebP), so it was not attached.")
    finally:
        upload.seek(0)
    if kind not in ALLOWED:
        return _("Photos must be JPEG, PNG or WebP, so it was not attached.")
    upload.name = f"photo{ALLOWED[kind]}"  # the stored name comes from the content, not the sender
    return None
