"""Masking personal numbers for roles that do not need them (PIPL: minimum necessary)."""

from __future__ import annotations

from typing import Any


def mask_phone(phone: str) -> str:
    """Keep the first three and last four digits: enough to recognise, not to call."""
    digits = phone.strip()
    if len(digits) <= 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_id_number(id_number: str) -> str:
    """Keep the first four (the prefecture) and last four characters of an 18-character ID."""
    value = id_number.strip()
    if len(value) <= 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def phone_for(user: Any, phone: str) -> str:
    if not phone:
        return ""
    return phone if user.permissions.sees_full_phone else mask_phone(phone)


def id_number_for(user: Any, id_number: str) -> str:
    if not id_number:
        return ""
    return id_number if user.permissions.sees_full_id_number else mask_id_number(id_number)
