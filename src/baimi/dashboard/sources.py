"""Where the dashboard's numbers come from: one small adapter per app, each giving counts per month and
per *leaf* division (the residents' group when the record names one, else its community, or the
area it was recorded for). ``aggregate`` adds the leaves up the division tree.

Each adapter is guarded: an app that is not installed, or that lacks a model or field the adapter
reads, yields "no data" (an empty result, logged) rather than an error, so the dashboard never breaks
because another app changed. Adapters only read.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from baimi.places.models import Division

log = logging.getLogger(__name__)

# (leaf division id, first day of month) → metric → value
Cells = dict[tuple[int, dt.date], dict[str, float]]


@dataclass
class Period:
    """Whole months, ``first`` to ``last`` inclusive, both the first day of their month."""

    first: dt.date
    last: dt.date
    area: Division | None = None  # only records under this division; None: everywhere

    @property
    def months(self) -> list[dt.date]:
        out, month = [], self.first
        while month <= self.last:
            out.append(month)
            month = next_month(month)
        return out

    @property
    def starts(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time.min, tzinfo=local_zone())

    @property
    def ends(self) -> dt.datetime:
        return dt.datetime.combine(next_month(self.last), dt.time.min, tzinfo=local_zone())


@dataclass
class Collected:
    cells: Cells = field(default_factory=lambda: defaultdict(dict))
    missing: list[str] = field(default_factory=list)  # sources that gave no data, and why

    def add(self, leaf: int | None, month: dt.date, metric: str, value: float) -> None:
        if leaf is None or not value:
            return
        cell = self.cells[(leaf, month)]
        cell[metric] = cell.get(metric, 0.0) + float(value)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def month_of(value: dt.datetime | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.astimezone(local_zone()).date()
    return value.replace(day=1)


def parse_month(text: str) -> dt.date | None:
    """"2026-03" → 1 March 2026; None for anything else."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        return None
    return dt.date(int(match[1]), int(match[2]), 1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _guarded(name: str) -> Callable[[Callable[[Period, Collected], None]], Callable[[Period, Collected], None]]:
    def wrap(adapter: Callable[[Period, Collected], None]) -> Callable[[Period, Collected], None]:
        def run(period: Period, out: Collected) -> None:
            try:
                adapter(period, out)
            except (ImportError, LookupError, AttributeError, FieldError, FieldDoesNotExist) as exc:
                log.warning("dashboard source %s gave no data: %r", name, exc)
                out.missing.append(f"{name}: {exc!r}")
        run.__name__ = adapter.__name__
        return run
    return wrap


def _in_area(rows: Any, period: Period, path_field: str) -> Any:
    return rows.filter(**{f"{path_field}__startswith": period.area.path}) if period.area is not None else rows


def _monthly(rows: Any, period: Period, date_field: str, path_field: str) -> Any:
    """Rows of the period grouped by month (local time) and leaf: ``month`` and the caller's values."""
    rows = rows.filter(**{f"{date_field}__gte": period.starts, f"{date_field}__lt": period.ends})
    return _in_area(rows, period, path_field).annotate(month=TruncMonth(date_field, tzinfo=local_zone()))


# --- helpdesk: help requests ----------------------------------------------------------------------

@_guarded("helpdesk")
def help_requests(period: Period, out: Collected) -> None:
    """Received, reached by someone within the arrival clock (10 minutes unless the category says
    otherwise), and where each request was settled (小事不出门，大事不出圈)."""
    HelpRequest = apps.get_model("helpdesk", "HelpRequest")
    levels = ["home", "circle", "community", "above"]
    rows = (_monthly(HelpRequest.objects.all(), period, "created_at", "group__path")
            .values("month", "group_id")
            .annotate(n=Count("id"), arrived=Count("id", filter=Q(arrived_at__isnull=False)),
                      in_time=Count("id", filter=Q(arrived_at__lte=F("arrival_due"))),
                      **{f"settled_{lvl}": Count("id", filter=Q(settled_level=lvl)) for lvl in levels}))
    for row in rows:
        month = month_of(row["month"])
        out.add(row["group_id"], month, "help_requests", row["n"])
        out.add(row["group_id"], month, "help_arrived", row["arrived"])
        out.add(row["group_id"], month, "help_reached_in_time", row["in_time"])
        for lvl in levels:
            out.add(row["group_id"], month, f"help_settled_{lvl}", row[f"settled_{lvl}"])


@_guarded("helpdesk")
def help_disputes(period: Period, out: Collected) -> None:
    """Neighbour disputes reported as help requests: part of the demand map's "disputes"."""
    HelpRequest = apps.get_model("helpdesk", "HelpRequest")
    rows = (_monthly(HelpRequest.objects.filter(category__code="neighbour_dispute"), period, "created_at",
                     "group__path").values("month", "group_id").annotate(n=Count("id")))
    for row in rows:
        out.add(row["group_id"], month_of(row["month"]), "help_disputes", row["n"])


# --- mediation: cases ------------------------------------------------------------------------------

def _case_leaf(row: dict[str, Any]) -> int:
    return int(row["group_id"] or row["community_id"])


@_guarded("mediation")
def mediation_cases(period: Period, out: Collected) -> None:
    """Cases registered, settled (an agreement took effect) and performed, each in its own month."""
    Case = apps.get_model("mediation", "Case")
    for date_field, metric in (("opened_at", "mediation_cases"), ("settled_at", "mediation_settled"),
                               ("agreement__performed_at", "mediation_performed")):
        rows = (_monthly(Case.objects.all(), period, date_field, "community__path")
                .values("month", "group_id", "community_id").annotate(n=Count("id")))
        for row in rows:
            out.add(_case_leaf(row), month_of(row["month"]), metric, row["n"])
    # Judicial confirmation (Art. 33): counted only when the mediation app records it.
    Agreement = apps.get_model("mediation", "Agreement")
    names = {f.name for f in Agreement._meta.get_fields()}
    recorded = next((n for n in ("judicial_confirmed_at", "confirmed_at", "judicial_confirmation_at") if n in names),
                    None)
    if recorded is None:
        out.missing.append("mediation: judicial confirmations are not recorded by the mediation app")
        return
    rows = (_monthly(Case.objects.all(), period, f"agreement__{recorded}", "community__path")
            .values("month", "group_id", "community_id").annotate(n=Count("id")))
    for row in rows:
        out.add(_case_leaf(row), month_of(row["month"]), "mediation_judicial_confirmations", row["n"])


# --- volunteers --------------------------------------------------------------------------------------

@_guarded("volunteers")
def volunteer_service(period: Period, out: Collected) -> None:
    """Registered volunteers (at each month's end), those who served, hours served, and activity dates
    held, with those on the 8th, 18th and 28th (Fuhai's 逢8 rule) counted apart."""
    Volunteer = apps.get_model("volunteers", "Volunteer")
    HoursEntry = apps.get_model("volunteers", "HoursEntry")
    Occurrence = apps.get_model("volunteers", "Occurrence")
    registered = list(_in_area(Volunteer.objects.filter(active=True), period, "community__path")
                      .values_list("group_id", "community_id", "registered_at"))
    for month in period.months:
        month_end = dt.datetime.combine(next_month(month), dt.time.min, tzinfo=local_zone())
        for group_id, community_id, registered_at in registered:
            if registered_at < month_end:
                out.add(group_id or community_id, month, "volunteers", 1)
    hours = (_monthly(HoursEntry.objects.all(), period, "occurrence__starts", "volunteer__community__path")
             .values("month", "volunteer__group_id", "volunteer__community_id")
             .annotate(h=Sum("hours"), people=Count("volunteer_id", distinct=True)))
    for row in hours:
        leaf = row["volunteer__group_id"] or row["volunteer__community_id"]
        out.add(leaf, month_of(row["month"]), "volunteer_hours", float(row["h"] or 0))
        out.add(leaf, month_of(row["month"]), "volunteers_active", row["people"])
    occurrences = (_in_area(Occurrence.objects.filter(cancelled=False, starts__gte=period.starts,
                                                      starts__lt=period.ends), period, "activity__area__path")
                   .values_list("activity__group_id", "activity__area_id", "starts"))
    for group_id, area_id, starts in occurrences:
        local = starts.astimezone(local_zone())
        out.add(group_id or area_id, month_of(local), "activities", 1)
        if local.day in (8, 18, 28):
            out.add(group_id or area_id, month_of(local), "activities_on_8", 1)


# --- legal publicity ---------------------------------------------------------------------------------

@_guarded("legal")
def legal_work(period: Period, out: Collected) -> None:
    """Topics ordered from the menu, lectures given, questions asked, consultations and legal needs."""
    specs: Iterable[tuple[str, str, str, bool]] = (
        ("TopicOrder", "created_at", "legal_orders", True),
        ("Lecture", "starts_at", "legal_lectures", True),
        ("LegalConsultation", "created_at", "legal_consultations", True),
        ("LegalNeed", "created_at", "legal_needs", True),
        ("QuestionLog", "asked_at", "legal_questions", False),  # logged per community only
    )
    for model_name, date_field, metric, has_group in specs:
        model = apps.get_model("legal", model_name)
        values = ["month", "community_id"] + (["group_id"] if has_group else [])
        rows = (_monthly(model.objects.filter(community__isnull=False), period, date_field, "community__path")
                .values(*values).annotate(n=Count("id")))
        for row in rows:
            leaf = row.get("group_id") or row["community_id"]
            out.add(leaf, month_of(row["month"]), metric, row["n"])


ACTIVITY_SOURCES: list[Callable[[Period, Collected], None]] = [
    help_requests, help_disputes, mediation_cases, volunteer_service, legal_work,
]


def collect_activity(period: Period) -> Collected:
    """Every app's monthly counts for the period (the circles' coverage is in ``coverage``)."""
    out = Collected()
    for source in ACTIVITY_SOURCES:
        source(period, out)
    return out
