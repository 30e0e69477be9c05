from __future__ import annotations

from typing import Any

from django import template

from baimi.dashboard.access import reads_dashboard

register = template.Library()


@register.filter
def sees_dashboard(user: Any) -> bool:
    return reads_dashboard(user)
