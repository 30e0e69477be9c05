"""Choosing who is asked first: on-duty staff of the request's community with the category's
skill, nearest by walking distance from where they are based to where the help is needed (through
the circle engine on the community's own walkways), straight-line distance where no path joins.

The walking network of a community is built once per process and reused until its walkways change
(``_network_for`` keys it on the walkways' count and newest id), so a decision costs one snap of the
candidates and one Dijkstra from the request's point: milliseconds with 2,000 staff
(``benchmarks/helpdesk_dispatch.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max

from baimi.circles.inputs import _network, projection_at
from baimi.geo.coords import LocalProjection
from baimi.geo.coverage import walk_distances_from
from baimi.geo.network import WalkNetwork
from baimi.places.models import Division, Staff, Walkway

SEARCH_CUTOFF_M = 3000.0  # farther than a 30-minute walk is not "nearby"; ranked by straight line then


@dataclass(frozen=True)
class Candidate:
    staff_id: int
    walk_m: float  # inf where no path joins them within the cutoff
    straight_m: float


@functools.lru_cache(maxsize=64)
def _network_cached(community_id: int, walkways: int, newest: int | None, lon: float, lat: float
                    ) -> WalkNetwork | None:
    rows = list(Walkway.objects.filter(community_id=community_id).order_by("id").values_list("id", "coords"))
    return _network(rows, projection_at(lon, lat))


def _network_for(community: Division) -> tuple[LocalProjection, WalkNetwork | None]:
    assert community.lon is not None and community.lat is not None
    stamp = Walkway.objects.filter(community=community).aggregate(n=Count("id"), newest=Max("id"))
    network = _network_cached(community.pk, stamp["n"], stamp["newest"], community.lon, community.lat)
    return projection_at(community.lon, community.lat), network


def rank_candidates(*, community: Division, lon: float, lat: float, skill_id: int | None, at: dt.datetime,
                    exclude: frozenset[int] = frozenset()) -> list[Candidate]:
    """On-duty staff of ``community`` with the skill, nearest first. Staff without a position are last."""
    staff = Staff.objects.on_duty(at).filter(community=community)
    if skill_id is not None:
        staff = staff.filter(skills__id=skill_id)
    rows = [(pk, x, y) for pk, x, y in staff.values_list("id", "lon", "lat") if pk not in exclude]
    if not rows:
        return []
    projection, network = _network_for(community)
    placed = [(pk, x, y) for pk, x, y in rows if x is not None and y is not None]
    unplaced = [pk for pk, x, y in rows if x is None or y is None]
    out: list[Candidate] = []
    if placed:
        ids = np.array([r[0] for r in placed])
        sx, sy = projection.forward(np.array([r[1] for r in placed], float), np.array([r[2] for r in placed], float))
        ox, oy = projection.forward(np.array([lon]), np.array([lat]))
        straight = np.hypot(np.atleast_1d(sx) - ox[0], np.atleast_1d(sy) - oy[0])
        if network is not None:
            walk = walk_distances_from(network, float(ox[0]), float(oy[0]), sx, sy, cutoff_m=SEARCH_CUTOFF_M)
        else:
            walk = np.full(ids.size, np.inf)
        order = np.lexsort((ids, straight, walk))  # walking first, straight line breaks ties and unreached
        out = [Candidate(int(ids[i]), float(walk[i]), float(straight[i])) for i in order]
    out += [Candidate(pk, float("inf"), float("inf")) for pk in sorted(unplaced)]
    return out
