"""The circles' side of the figures: coverage per service category (straight line and walking), blind
spots and the households in them, and whether the circles join up (圈圈相连).

Coverage is a stock, not a flow: a month's figure is the latest coverage run finished by the month's
end, per community. Households covered are the run's shares times the run's households per group.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count, Q

from baimi.circles.models import BuildingCoverage, CoverageRun
from baimi.dashboard.sources import Collected, Period, local_zone, next_month
from baimi.geo import circle_connectivity
from baimi.places.models import Division, Level


def collect_coverage(period: Period, out: Collected) -> None:
    communities = list(_communities_with_groups(period).order_by("code"))
    runs = _runs_by_community([c.pk for c in communities])
    groups = _groups_by_community([c.pk for c in communities])
    for community in communities:
        linked, joined = _connectivity(community, groups.get(community.pk, []))
        community_runs = runs.get(community.pk, [])
        blind_buildings = _blind_buildings([r.pk for r in community_runs])
        for month in period.months:
            month_end = dt.datetime.combine(next_month(month), dt.time.min, tzinfo=local_zone())
            out.add(community.pk, month, "communities", 1)
            out.add(community.pk, month, "communities_joined", 1 if joined else 0)
            for group in groups.get(community.pk, []):
                out.add(group.pk, month, "groups", 1)
                out.add(group.pk, month, "groups_linked", 1 if group.pk in linked else 0)
            run = next((r for r in community_runs if r.finished_at and r.finished_at < month_end), None)
            if run is not None:
                _add_run(out, month, run, {g.code: g.pk for g in groups.get(community.pk, [])})
                out.add(community.pk, month, "blind_spot_buildings", blind_buildings.get(run.pk, 0))
                out.add(community.pk, month, "coverage_runs", 1)


def _communities_with_groups(period: Period) -> Any:
    """Every community that has circles (residents' groups), with a coverage run or not yet."""
    rows = Division.objects.communities().filter(children__level=Level.GROUP)
    if period.area is not None:
        rows = rows.filter(path__startswith=period.area.path) if period.area.level != Level.GROUP \
            else rows.filter(pk=period.area.parent_id)
    return rows.distinct()


def _runs_by_community(ids: list[int]) -> dict[int, list[CoverageRun]]:
    """Finished runs, newest first, without their large ``inputs`` column."""
    out: dict[int, list[CoverageRun]] = defaultdict(list)
    for run in (CoverageRun.objects.filter(community_id__in=ids, status=CoverageRun.Status.DONE)
                .only("id", "community_id", "finished_at", "summary", "params").order_by("-finished_at")):
        out[run.community_id].append(run)
    return out


def _groups_by_community(ids: list[int]) -> dict[int, list[Division]]:
    out: dict[int, list[Division]] = defaultdict(list)
    for group in Division.objects.filter(parent_id__in=ids, level=Level.GROUP).order_by("code"):
        assert group.parent_id is not None
        out[group.parent_id].append(group)
    return out


def _blind_buildings(run_ids: list[int]) -> dict[int, int]:
    """Per run: buildings with at least one required category beyond the walking radius."""
    if not run_ids:
        return {}
    rows = (BuildingCoverage.objects.filter(run_id__in=run_ids)
            .filter(Q(walk_m__isnull=True) | Q(walk_m__gt=settings.BAIMI_CIRCLE_RADIUS_M))
            .values("run_id").annotate(n=Count("building_id", distinct=True)))
    return {row["run_id"]: row["n"] for row in rows}


def _add_run(out: Collected, month: dt.date, run: CoverageRun, group_ids: dict[str, int]) -> None:
    categories: list[str] = run.summary.get("categories", [])
    for code, cell in run.summary.get("groups", {}).items():
        leaf = group_ids.get(code)
        households = float(cell.get("households", 0.0))
        if leaf is None or not households:
            continue
        out.add(leaf, month, "households", households)
        for category in [*categories, "all"]:
            shares = cell.get(category, {})
            for measure in ("straight", "walk"):
                if measure in shares:
                    out.add(leaf, month, f"covered_{measure}:{category}", round(shares[measure] * households, 3))
        walk_all = cell.get("all", {}).get("walk")
        if walk_all is not None:
            out.add(leaf, month, "blind_spot_households", round((1.0 - walk_all) * households, 3))


def _local_metres(lon0: float, lat0: float, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Metres east and north of the community's centre on a local tangent plane. Over a community's
    few kilometres this is within centimetres of the projected distance, and it costs nothing, where
    building a pyproj transformer per community (~30 ms) was half the prefecture's aggregation time."""
    earth_m = 6_371_008.8
    x = np.radians(lon - lon0) * earth_m * np.cos(np.radians(lat0))
    y = np.radians(lat - lat0) * earth_m
    return x, y


def _connectivity(community: Division, groups: list[Division]) -> tuple[set[int], bool]:
    """Groups whose circle touches a neighbour's, and whether all the community's circles are one."""
    located = [g for g in groups if g.lon is not None and g.lat is not None]
    if len(located) < 2 or community.lon is None or community.lat is None:
        return set(), len(located) == 1
    x, y = _local_metres(community.lon, community.lat, np.array([g.lon for g in located]),
                         np.array([g.lat for g in located]))
    result = circle_connectivity(x, y, radius_m=float(np.median([g.radius_m for g in located])))
    linked = {located[int(i)].pk for i in np.unique(result.edges)} if len(result.edges) else set()
    return linked, int(result.n_parts) == 1
