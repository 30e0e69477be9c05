"""Recurrence of activities under RFC 5545 (python-dateutil's rrule), in local (Asia/Shanghai) time.

Rules are stored as the RRULE value (``FREQ=MONTHLY;BYMONTHDAY=8,18,28``) with any UNTIL in UTC,
as RFC 5545 requires when DTSTART carries a time zone; exceptions are local start times. The same
rule goes into the iCalendar feeds, so what calendars show is what the platform schedules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FENG8 = "FREQ=MONTHLY;BYMONTHDAY=8,18,28"
"""Fuhai's "逢8" rule: the 8th, 18th and 28th of every month."""

PATTERNS = {
    "feng8": FENG8,
    "weekly": "FREQ=WEEKLY",
    "monthly": "FREQ=MONTHLY",
}
MAX_OCCURRENCES = 1000  # a guard against a rule that would flood the database
HORIZON = dt.timedelta(days=400)  # open-ended series are generated this far ahead; feeds carry the rule
_TOO_FREQUENT = {"SECONDLY", "MINUTELY", "HOURLY"}


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def normalize_rule(text: str) -> str:
    """Validate an RRULE value and return it canonical: upper case, no "RRULE:" prefix, UNTIL in UTC.

    A date-only or local UNTIL is read as local time (a date means the end of that day)."""
    value = text.strip().upper()
    value = value.removeprefix("RRULE:")
    if not value:
        return ""
    parts: dict[str, str] = {}
    for part in value.split(";"):
        key, sep, val = part.partition("=")
        if not sep or not key or not val:
            raise ValidationError(_("“%(part)s” is not NAME=VALUE.") % {"part": part})
        parts[key] = val
    if parts.get("FREQ") in _TOO_FREQUENT:
        raise ValidationError(_("Activities repeat at most daily."))
    if "UNTIL" in parts and not parts["UNTIL"].endswith("Z"):
        until = parts["UNTIL"]
        try:
            if "T" in until:
                local = dt.datetime.strptime(until, "%Y%m%dT%H%M%S").replace(tzinfo=local_tz())
            else:
                day = dt.datetime.strptime(until, "%Y%m%d").replace(tzinfo=local_tz()).date()
                local = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=local_tz())
        except ValueError as error:
            raise ValidationError(_("UNTIL is not a date.")) from error
        parts["UNTIL"] = local.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    rule = ";".join(f"{k}={v}" for k, v in parts.items())
    try:
        _rule(rule, dt.datetime(2026, 1, 1, tzinfo=local_tz()))
    except (ValueError, TypeError) as error:
        raise ValidationError(_("Not a valid recurrence rule: %(error)s") % {"error": error}) from error
    return rule


def _rule(rule: str, dtstart: dt.datetime) -> rrule:
    result = rrulestr(f"RRULE:{rule}", dtstart=dtstart, forceset=False)
    assert isinstance(result, rrule)
    return result


def first_start(rule: str, wanted: dt.datetime) -> dt.datetime:
    """The first time on or after ``wanted`` the rule produces (so DTSTART is itself an instance,
    as RFC 5545 clients assume)."""
    local = wanted.astimezone(local_tz())
    if not rule:
        return local
    first = _rule(rule, local).after(local, inc=True)
    if first is None:
        raise ValidationError(_("The rule produces no date on or after the start."))
    return first


def expand(*, starts: dt.datetime, rule: str, exdates: Iterable[str] = (),
           until: dt.datetime | None = None) -> list[dt.datetime]:
    """Local start times of a series, exceptions removed, up to ``until`` (default: the horizon)."""
    local = starts.astimezone(local_tz())
    skip = {dt.datetime.fromisoformat(x).replace(tzinfo=local_tz()) for x in exdates}
    if not rule:
        return [] if local.replace(second=0, microsecond=0) in skip else [local]
    end = until or local + HORIZON
    out: list[dt.datetime] = []
    for start in _rule(rule, local):
        if start > end or len(out) >= MAX_OCCURRENCES:
            break
        if start.replace(second=0, microsecond=0) not in skip:
            out.append(start)
    return out


def exdate_key(start: dt.datetime) -> str:
    """How an exception is stored: the local start time, to the minute."""
    return start.astimezone(local_tz()).replace(tzinfo=None, second=0, microsecond=0).isoformat(timespec="minutes")
