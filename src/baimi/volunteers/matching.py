"""Suggest volunteers for a need (issue item 6): e.g. an elderly person living alone asks for a
visit through the helpdesk. Nearby by WALKING distance along the community's walkways (baimi.geo, as
circles/nearest.py does), available on that weekday, not already signed up at that time, with the
right skill. Falls back to the straight-line distance when there is no path network."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet

from baimi.circles.inputs import load_inputs, projection_at
from baimi.geo.coverage import walk_distances_from
from baimi.places.models import Division, Skill
from baimi.volunteers import recurrence
from baimi.volunteers.models import Signup, Volunteer

BUSY_WINDOW = dt.timedelta(hours=2)  # a visit is assumed to take about two hours
WALK_CUTOFF_M = 5000.0


@dataclass(frozen=True)
class Suggestion:
    volunteer: Volunteer
    straight_m: float
    walk_m: float | None  # None: not reachable along the mapped paths (or no paths mapped)

    @property
    def distance_m(self) -> float:
        return self.walk_m if self.walk_m is not None else self.straight_m


def household_point(household: Any) -> tuple[float, float] | None:
    """A household's own point, else its building's."""
    for place in (household, getattr(household, "building", None)):
        if place is not None and place.lon is not None and place.lat is not None:
            return place.lon, place.lat
    return None


def home_of(volunteer: Volunteer) -> tuple[float, float] | None:
    """Where the volunteer starts from: their household, else their residents' group, else community."""
    user = volunteer.user
    household = getattr(user, "household", None) if user is not None else None
    if household is not None and (point := household_point(household)) is not None:
        return point
    for place in (volunteer.group, volunteer.community):
        if place is not None and place.lon is not None and place.lat is not None:
            return place.lon, place.lat
    return None


def _busy(when: dt.datetime) -> set[int]:
    return set(Signup.objects.active().filter(
        occurrence__starts__lt=when + BUSY_WINDOW, occurrence__ends__gt=when, occurrence__cancelled=False,
    ).values_list("volunteer_id", flat=True))


def suggest_volunteers(*, lon: float, lat: float, skill: Skill | str | None = None, when: dt.datetime | None = None,
                       community: Division | None = None, limit: int = 5,
                       candidates: QuerySet[Volunteer] | None = None) -> list[Suggestion]:
    """The ``limit`` nearest suitable volunteers to (lon, lat), nearest first. ``candidates`` lets a
    page pass the volunteers the user may see; ``community`` limits to one community (and gives the
    path network for walking distances). A volunteer who stated no weekdays counts as available."""
    rows = (candidates if candidates is not None else Volunteer.objects.all()).filter(active=True)
    if community is not None:
        rows = rows.filter(community=community)
    if skill is not None:
        rows = rows.filter(skills__code=skill) if isinstance(skill, str) else rows.filter(skills=skill)
    if when is not None:
        rows = rows.exclude(pk__in=_busy(when))
        weekday = when.astimezone(recurrence.local_tz()).weekday()
    people = [v for v in rows.select_related("group", "community", "user__household__building").distinct()
              if when is None or not v.available_weekdays or weekday in v.available_weekdays]
    homes = [(v, home_of(v)) for v in people]
    placed = [(v, h) for v, h in homes if h is not None]
    if not placed:
        return []
    projection = projection_at(lon, lat)
    ox, oy = projection.forward(np.array([lon]), np.array([lat]))
    hx, hy = projection.forward(np.array([h[0] for _, h in placed]), np.array([h[1] for _, h in placed]))
    straight = np.hypot(hx - ox[0], hy - oy[0])
    walk = np.full(len(placed), np.inf)
    network_area = community or (placed[0][0].community if len({v.community_id for v, _ in placed}) == 1 else None)
    if network_area is not None and network_area.lon is not None:
        inputs = load_inputs(network_area)
        if inputs.network is not None:
            nx, ny = inputs.projection.forward(np.array([lon]), np.array([lat]))
            tx, ty = inputs.projection.forward(np.array([h[0] for _, h in placed]), np.array([h[1] for _, h in placed]))
            walk = walk_distances_from(inputs.network, float(nx[0]), float(ny[0]), tx, ty, cutoff_m=WALK_CUTOFF_M)
    out = [Suggestion(v, float(s), None if not math.isfinite(float(w)) else float(w))
           for (v, _), s, w in zip(placed, straight, walk, strict=True)]
    out.sort(key=lambda s: (s.walk_m is None, s.distance_m, s.volunteer.pk))
    return out[:limit]
