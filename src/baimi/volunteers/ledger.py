"""Reading the hours ledger: totals, star levels and the rows of a proof of service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from baimi.volunteers.models import HoursEntry, Volunteer

STAR_HOURS = (100, 300, 600, 1000, 1500)
"""Hours for one to five stars (一星 … 五星志愿者)."""


def star_level(hours: Decimal | float) -> int:
    return sum(1 for threshold in STAR_HOURS if hours >= threshold)


def hours_to_next_star(hours: Decimal) -> Decimal | None:
    for threshold in STAR_HOURS:
        if hours < threshold:
            return (Decimal(threshold) - hours).quantize(CENTS)
    return None


CENTS = Decimal("0.01")


def total_hours(volunteer: Volunteer) -> Decimal:
    return Decimal(volunteer.hours.aggregate(total=Sum("hours"))["total"] or 0).quantize(CENTS)


@dataclass(frozen=True)
class ServiceRow:
    starts: dt.datetime
    activity: str
    activity_type: str
    team: str
    hours: Decimal


def service_rows(volunteer: Volunteer) -> list[ServiceRow]:
    """One row per date served, the ledger's lines summed (corrections included), oldest first."""
    rows = (HoursEntry.objects.filter(volunteer=volunteer)
            .values("occurrence__starts", "occurrence__activity__title", "occurrence__activity__type__name_zh",
                    "occurrence__activity__type__name_en", "occurrence__activity__team__name")
            .annotate(total=Sum("hours")).order_by("occurrence__starts"))
    from baimi.volunteers.models import localized

    return [ServiceRow(r["occurrence__starts"], r["occurrence__activity__title"],
                       localized(r["occurrence__activity__type__name_zh"], r["occurrence__activity__type__name_en"]),
                       r["occurrence__activity__team__name"], Decimal(r["total"]).quantize(CENTS))
            for r in rows if r["total"]]
