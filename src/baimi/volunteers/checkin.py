"""The check-in QR code: a signed token naming one date, valid from an hour before it starts to
two hours after it ends, so a photo of the code is of no use another day."""

from __future__ import annotations

import datetime as dt

import segno
from django.core import signing
from django.utils import timezone

from baimi.volunteers.models import Occurrence

SALT = "baimi.volunteers.checkin"
EARLY = dt.timedelta(hours=1)
LATE = dt.timedelta(hours=2)


def token_for(occurrence: Occurrence) -> str:
    return signing.dumps({"o": occurrence.pk}, salt=SALT, compress=True)


def occurrence_for(token: str, now: dt.datetime | None = None) -> tuple[Occurrence | None, str]:
    """The date a token names and "" if it may be used now; else None or the date, and a reason:
    "invalid", "early", "late" or "cancelled"."""
    try:
        pk = int(signing.loads(token, salt=SALT)["o"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, "invalid"
    occurrence = Occurrence.objects.select_related("activity", "activity__team").filter(pk=pk).first()
    if occurrence is None:
        return None, "invalid"
    now = now or timezone.now()
    if occurrence.cancelled:
        return occurrence, "cancelled"
    if now < occurrence.starts - EARLY:
        return occurrence, "early"
    if now > occurrence.ends + LATE:
        return occurrence, "late"
    return occurrence, ""


def qr_svg(url: str) -> str:
    """An inline SVG QR code (error correction M, large enough to scan off a phone screen)."""
    return str(segno.make(url, error="m").svg_inline(scale=6, border=2))
