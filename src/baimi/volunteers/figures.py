"""Figures of volunteer service for an area (issue item 8), for the figures page and the dashboard:
volunteers, active volunteers, hours by team, by type and by month, and dates held on the 逢8 days.

Hours are dated by the activity date they were served on (not by when they were recorded), so a
correction approved in April counts for the March date it corrects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from baimi.places.models import Division
from baimi.volunteers import recurrence
from baimi.volunteers.models import HoursEntry, Occurrence, Signup, Volunteer, localized

FENG8_DAYS = (8, 18, 28)


@dataclass
class Figures:
    since: dt.date
    until: dt.date
    volunteers: int = 0
    active_volunteers: int = 0
    hours: Decimal = Decimal(0)
    by_team: list[tuple[str, Decimal]] = field(default_factory=list)
    by_type: list[tuple[str, Decimal]] = field(default_factory=list)
    by_month: list[tuple[str, Decimal]] = field(default_factory=list)
    dates_held: int = 0
    feng8_dates_held: int = 0


def _bounds(since: dt.date, until: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = recurrence.local_tz()
    return (dt.datetime.combine(since, dt.time(), tzinfo=tz),
            dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=tz))


def figures_of(volunteers: QuerySet[Volunteer], hours: QuerySet[HoursEntry], occurrences: QuerySet[Occurrence], *,
               since: dt.date, until: dt.date) -> Figures:
    """Figures over already-scoped rows (the caller applies ``visible_to`` or an area filter)."""
    start, end = _bounds(since, until)
    in_period = hours.filter(occurrence__starts__gte=start, occurrence__starts__lt=end)
    result = Figures(since=since, until=until)
    result.volunteers = volunteers.filter(active=True).count()
    result.active_volunteers = in_period.values("volunteer").distinct().count()
    result.hours = Decimal(in_period.aggregate(total=Sum("hours"))["total"] or 0)
    result.by_team = [(r["occurrence__activity__team__name"], r["total"]) for r in in_period.values(
        "occurrence__activity__team__name").annotate(total=Sum("hours")).order_by("-total")]
    result.by_type = [(localized(r["occurrence__activity__type__name_zh"], r["occurrence__activity__type__name_en"]),
                       r["total"]) for r in in_period.values(
        "occurrence__activity__type__name_zh", "occurrence__activity__type__name_en").annotate(
        total=Sum("hours")).order_by("-total")]
    result.by_month = [(f"{r['month']:%Y-%m}", r["total"]) for r in in_period.annotate(
        month=TruncMonth("occurrence__starts")).values("month").annotate(total=Sum("hours")).order_by("month")]
    held = occurrences.filter(starts__gte=start, starts__lt=min(end, timezone.now()), cancelled=False)
    held = held.annotate(came=Count("signups", filter=Q(signups__checked_in_at__isnull=False,
                                                         signups__status=Signup.Status.CONFIRMED))).filter(came__gt=0)
    result.dates_held = held.count()
    result.feng8_dates_held = held.filter(starts__day__in=FENG8_DAYS).count()
    return result


def area_figures(area: Division | None, *, since: dt.date | None = None, until: dt.date | None = None) -> Figures:
    """Figures of an area and everything under it (``None``: everywhere); default the last 12 months.
    For the dashboard: no personal information, only counts and sums."""
    today = timezone.localdate()
    until = until or today
    since = since or until - dt.timedelta(days=365)
    volunteers = Volunteer.objects.all()
    hours = HoursEntry.objects.all()
    occurrences = Occurrence.objects.all()
    if area is not None:
        volunteers = volunteers.filter(community__path__startswith=area.path)
        hours = hours.filter(occurrence__activity__area__path__startswith=area.path)
        occurrences = occurrences.filter(activity__area__path__startswith=area.path)
    return figures_of(volunteers, hours, occurrences, since=since, until=until)
