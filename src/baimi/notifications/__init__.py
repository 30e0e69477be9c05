"""Notifications through pluggable channels (on-screen, e-mail, a WeCom group robot, an SMS gateway),
delivered on the task queue, retried when a send fails, never sent twice for one event.

    from baimi.notifications import send
    send(user, subject, body, dedup_key="helpdesk:offer:42:7", link="/help/H…/")
"""

from __future__ import annotations

from typing import Any


def send(recipient: Any, subject: str, body: str, *, dedup_key: str, link: str = "",
         channels: Any = None) -> list[Any]:
    from baimi.notifications.delivery import send as _send

    return _send(recipient, subject, body, dedup_key=dedup_key, link=link, channels=channels)
