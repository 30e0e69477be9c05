"""Template filters that mask personal numbers according to the viewer's role."""

from __future__ import annotations

from typing import Any

from django import template

from baimi.accounts import privacy

register = template.Library()


@register.filter
def phone_for(phone: str, user: Any) -> str:
    return privacy.phone_for(user, phone)


@register.filter
def id_number_for(id_number: str, user: Any) -> str:
    return privacy.id_number_for(user, id_number)
