"""Read-only figures for the pages: counts per area, and which categories each circle reaches.

Straight-line only: walking coverage is the circle engine's work (``baimi.geo`` via ``circles``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count, Q, Sum

from baimi.accounts.models import User
from baimi.accounts.roles import Role
from baimi.geo.coords import haversine_m
from baimi.places.models import (
    Division,
    Household,
    Level,
    ServiceCategory,
    ServicePoint,
    Staff,
)


@dataclass
class AreaFigures:
    division: Division
    groups: int = 0
    households: int = 0
    people: int = 0
    elderly_alone: int = 0
    service_points: int = 0


@dataclass
class CircleStatus:
    group: Division
    households: int
    people: int
    reached: dict[str, float | None] = field(default_factory=dict)  # category code → nearest m
    # category code → share of the group's households within the radius along walkways, from the
    # latest coverage run (empty until one has run)
    walk_share: dict[str, float] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return all(d is not None for d in self.reached.values())


def child_figures(area: Division) -> list[AreaFigures]:
    """Counts for each child of ``area`` (for a community: each residents' group), in 3 queries."""
    children = list(area.children.order_by("code"))
    figures = {c.path: AreaFigures(c) for c in children}

    def owner(path: str) -> AreaFigures | None:
        for prefix, fig in figures.items():
            if path.startswith(prefix):
                return fig
        return None

    per_group = (
        Household.objects.in_area(area).values("group__path")
        .annotate(n=Count("id"), people=Sum("size"), alone=Count("id", filter=Q(elderly_alone=True)))
    )
    for row in per_group:
        if fig := owner(row["group__path"]):
            fig.households += row["n"]
            fig.people += row["people"] or 0
            fig.elderly_alone += row["alone"]
    for path in Division.objects.in_area(area).groups().values_list("path", flat=True):
        if fig := owner(path):
            fig.groups += 1
    for row in ServicePoint.objects.in_area(area).values("area__path").annotate(n=Count("id")):
        if fig := owner(row["area__path"]):
            fig.service_points += row["n"]
    return list(figures.values())


def circle_statuses(community: Division) -> list[CircleStatus]:
    """For every residents' group of a community: the straight-line distance from its base point to
    the nearest open point of each required category, or None when none lies within the radius."""
    groups = list(community.children.groups().order_by("code"))
    counts = {
        row["group"]: row
        for row in Household.objects.filter(group__in=groups).values("group")
        .annotate(n=Count("id"), people=Sum("size"))
    }
    categories = list(ServiceCategory.objects.filter(required_in_circle=True))
    points = list(ServicePoint.objects.in_area(community).filter(active=True).prefetch_related("categories"))
    latest = _latest_run_groups(community)
    statuses = []
    for group in groups:
        row = counts.get(group.pk, {})
        status = CircleStatus(group, row.get("n", 0), row.get("people") or 0)
        shares = latest.get(group.code, {})
        status.walk_share = {c: v["walk"] for c, v in shares.items() if isinstance(v, dict) and "walk" in v}
        for category in categories:
            status.reached[category.code] = _nearest_within(group, [p for p in points
                                                                    if category in p.categories.all()])
        statuses.append(status)
    return statuses


def _nearest_within(group: Division, points: list[ServicePoint]) -> float | None:
    """Straight-line metres from the group's base point to the nearest of ``points`` inside its
    radius, or None."""
    if group.lon is None or group.lat is None or not points:
        return None
    d = haversine_m(group.lon, group.lat, np.array([p.lon for p in points]), np.array([p.lat for p in points]))
    nearest = float(d.min())
    return nearest if nearest <= group.radius_m else None


def _latest_run_groups(community: Division) -> dict[str, Any]:
    from baimi.circles.models import CoverageRun

    run = CoverageRun.objects.latest_done(community)
    return run.summary.get("groups", {}) if run else {}


def home_context(user: User) -> dict[str, Any]:
    context: dict[str, Any] = {"categories": list(ServiceCategory.objects.all())}
    area = user.area
    if user.sees_everything and area is None:
        area = Division.objects.filter(level=Level.PREFECTURE, parent__isnull=True).first() or \
            Division.objects.filter(level=Level.PREFECTURE).first()
    context["area"] = area
    if area is None:
        return context
    context["ancestors"] = area.ancestors()
    if user.role == Role.RESIDENT:
        context.update(_resident_context(user))
        return context
    if area.level == Level.GROUP:
        context["circle"] = next(
            (s for s in circle_statuses(area.parent) if s.group.pk == area.pk), None
        ) if area.parent else None
        context["flagged"] = (
            Household.objects.visible_to(user).filter(Q(elderly_alone=True) | Q(disability=True))
            .select_related("building")[:50]
        )
        context["staff"] = Staff.objects.filter(home_base=area).prefetch_related("skills")
    elif area.level == Level.COMMUNITY:
        context["circles"] = circle_statuses(area)
        context["circles_community"] = area
    else:
        context["children"] = child_figures(area)
    return context


def _resident_context(user: User) -> dict[str, Any]:
    household = Household.objects.select_related("building", "group").filter(pk=user.household_id).first()
    context: dict[str, Any] = {"household": household}
    if household is None or household.location is None or household.group.parent is None:
        return context
    from baimi.circles.nearest import nearest_services

    lon, lat = household.location
    context["nearest"] = nearest_services(household.group.parent, lon, lat)
    context["staff"] = Staff.objects.visible_to(user)
    return context
