"""Telling people: through ``baimi.notifications.send`` when that app is installed, else as an
on-screen notice in this app. Either way one dedup key is delivered once."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction

from baimi.mediation.models import Case, Notice


def _shared_sender() -> Any:
    if not apps.is_installed("baimi.notifications"):
        return None
    module = importlib.import_module("baimi.notifications")
    return getattr(module, "send", None)


def notify(recipient: Any, subject: str, body: str, *, dedup_key: str, link: str = "",
           case: Case | None = None) -> None:
    send = _shared_sender()
    if send is not None:
        send(recipient, subject, body, dedup_key=dedup_key, link=link)
        return
    if Notice.objects.filter(dedup_key=dedup_key).exists():
        return
    try:
        with transaction.atomic():
            Notice.objects.create(recipient=recipient, case=case, subject=subject, body=body, link=link,
                                  dedup_key=dedup_key)
    except IntegrityError:  # the same key written at the same moment by another worker
        pass
