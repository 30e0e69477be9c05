from __future__ import annotations

from typing import Any

from django import template

from baimi.accounts.privacy import id_number_for, phone_for

register = template.Library()


@register.filter
def masked_phone(phone: str, user: Any) -> str:
    return phone_for(user, phone)


@register.filter
def masked_id(id_number: str, user: Any) -> str:
    return id_number_for(user, id_number)
