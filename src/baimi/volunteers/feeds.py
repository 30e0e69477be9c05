"""iCalendar (RFC 5545) feeds: one per team and one per volunteer, for real calendar clients.

Calendar clients cannot log in, so a feed's URL carries a random key (``feed_key``) and is the only
secret; a leader or the volunteer can regenerate it, which kills the old link. A series goes out as
ONE event with its RRULE and EXDATEs (the exceptions and the cancelled dates), so clients expand it
exactly as the platform does. Feeds hold no personal information: titles, places and times only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.db.models import QuerySet

from baimi.volunteers import recurrence
from baimi.volunteers.models import Activity, Occurrence, Team, Volunteer

PRODID = "-//Baimi//volunteer service//ZH"


def _event(activity: Activity, cancelled: Iterable[dt.datetime], host: str) -> icalendar.Event:
    tz = recurrence.local_tz()
    start = activity.starts.astimezone(tz)
    event = icalendar.Event()
    event.add("uid", f"volunteers-activity-{activity.pk}@{host}")
    event.add("dtstamp", activity.created_at.astimezone(dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=activity.duration_minutes))
    event.add("summary", activity.title)
    if activity.place_label:
        event.add("location", activity.place_label)
    if activity.lat is not None and activity.lon is not None:
        event.add("geo", (activity.lat, activity.lon))
    description = activity.description
    if activity.risk_note:
        description = f"{description}\n\n{activity.risk_note}".strip()
    if description:
        event.add("description", description)
    event.add("categories", [str(activity.type)])
    if activity.status == Activity.Status.CANCELLED:
        event.add("status", "CANCELLED")
    if activity.rrule:
        event.add("rrule", icalendar.vRecur.from_ical(activity.rrule))
        skipped = {dt.datetime.fromisoformat(x).replace(tzinfo=tz) for x in activity.exdates}
        skipped |= {c.astimezone(tz) for c in cancelled}
        if skipped:
            event.add("exdate", sorted(skipped))
    return event


def calendar_for(activities: QuerySet[Activity], *, name: str, host: str = "baimi") -> bytes:
    """The iCalendar text of these activities (drafts left out: nobody is asked to come yet)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    rows = activities.exclude(status=Activity.Status.DRAFT).select_related(
        "type", "service_point", "group").order_by("starts", "id")
    cancelled: dict[int, list[dt.datetime]] = {}
    for activity_id, starts in Occurrence.objects.filter(activity__in=rows, cancelled=True).values_list(
            "activity_id", "starts"):
        cancelled.setdefault(activity_id, []).append(starts)
    for activity in rows:
        calendar.add_component(_event(activity, cancelled.get(activity.pk, []), host))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def team_activities(team: Team) -> QuerySet[Activity]:
    return Activity.objects.filter(team=team)


def volunteer_activities(volunteer: Volunteer) -> QuerySet[Activity]:
    """The activities of the volunteer's teams, and any other they signed up for."""
    from django.db.models import Q

    from baimi.volunteers.models import Signup

    signed = Signup.objects.filter(volunteer=volunteer).active().values("occurrence__activity_id")
    return Activity.objects.filter(Q(team__memberships__volunteer=volunteer) | Q(pk__in=signed)).distinct()
