"""``{{ user|unread_notifications }}``: how many on-screen notifications the user has not read, for
the count beside the navigation's link (one indexed COUNT per page)."""

from __future__ import annotations

from typing import Any

from django import template

from baimi.notifications.models import Notification

register = template.Library()


@register.filter
def unread_notifications(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, channel="onscreen", read_at__isnull=True).count()
