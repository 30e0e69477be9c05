"""Notices go through ``baimi.notifications.send`` once that app is installed (the contract's
signature), and are kept on screen here until then; either way one dedup key is delivered once."""

from __future__ import annotations

import sys
import types
from typing import Any

from baimi.mediation import notify as notify_module
from baimi.mediation.models import Notice
from baimi.mediation.notify import _shared_sender, notify


def test_without_the_notifications_app_a_notice_is_kept_on_screen_once(users: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(notify_module, "_shared_sender", _shared_sender)
    monkeypatch.setattr(notify_module.apps, "is_installed", lambda name: False)
    for _ in range(2):
        notify(users.worker, "提醒", "正文", dedup_key="test:once", link="/mediation/")
    assert Notice.objects.filter(dedup_key="test:once").count() == 1


def test_with_the_notifications_app_the_shared_sender_is_used(users: Any, monkeypatch: Any) -> None:
    sent: list[tuple[Any, ...]] = []
    fake = types.ModuleType("baimi.notifications")
    fake.send = lambda recipient, subject, body, *, dedup_key, link="": sent.append(  # type: ignore[attr-defined]
        (recipient, subject, body, dedup_key, link))
    monkeypatch.setitem(sys.modules, "baimi.notifications", fake)
    monkeypatch.setattr(notify_module, "_shared_sender", _shared_sender)
    monkeypatch.setattr(notify_module.apps, "is_installed", lambda name: name == "baimi.notifications")
    notify(users.worker, "提醒", "正文", dedup_key="test:shared", link="/mediation/1/")
    assert sent == [(users.worker, "提醒", "正文", "test:shared", "/mediation/1/")]
    assert not Notice.objects.filter(dedup_key="test:shared").exists()
