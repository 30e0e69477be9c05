"""Parsing one cell: each function returns the value or raises ``ValueError`` with a reason a
community worker can act on."""

from __future__ import annotations

import re

TRUE = {"1", "true", "yes", "y", "是", "有", "√", "✓"}
FALSE = {"", "0", "false", "no", "n", "否", "无", "×"}

# GB 11643-1999: 17 digits, then a check character from ISO 7064 MOD 11-2.
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def boolean(value: str, column: str) -> bool:
    v = value.strip().lower()
    if v in TRUE:
        return True
    if v in FALSE:
        return False
    raise ValueError(f"{column}: {value!r} is not yes/no (use 1/0, true/false or 是/否)")


def integer(value: str, column: str, *, low: int, high: int, default: int | None = None) -> int:
    if value.strip() == "" and default is not None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{column}: {value!r} is not a whole number") from None
    if not low <= number <= high:
        raise ValueError(f"{column}: {number} is outside {low}–{high}")
    return number


def phone(value: str, column: str = "phone") -> str:
    digits = re.sub(r"[\s-]", "", value)
    if digits and not re.fullmatch(r"\+?\d{7,15}", digits):
        raise ValueError(f"{column}: {value!r} is not a phone number")
    return digits


def id_number_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def id_number(value: str) -> str:
    v = value.strip().upper()
    if not v:
        return ""
    if not re.fullmatch(r"\d{17}[\dX]", v):
        raise ValueError("id_number: must be 18 characters, 17 digits then a digit or X")
    if id_number_check_char(v[:17]) != v[17]:
        raise ValueError("id_number: the check character does not match (a typing error?)")
    return v


def required(fields: dict[str, str], column: str) -> str:
    value = fields.get(column, "").strip()
    if not value:
        raise ValueError(f"{column}: required")
    return value
