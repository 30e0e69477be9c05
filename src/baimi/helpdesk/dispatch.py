"""Choosing who is asked first: on-duty staff of the request's community with the category's
skill, nearest by walking distance from where they are based to where the help is needed (through
the circle engine on the community's own walkways), straight-line distance where no path joins.

What is slow is kept between decisions, per process: the community's walking network (rebuilt when
its walkways change) and its roster as arrays — staff positions snapped to the network, skills,
weekly shifts — re-read when staff or shifts are added or removed, when anything is saved in this
process (signals, see apps.py), and at least every ``ROSTER_TTL_S`` seconds for edits made by other
processes. Whether another process added or removed staff, shifts or walkways is asked of the
database at most every ``STAMP_CHECK_S`` seconds (three aggregate queries were a tenth of a help
request's server time under load). Who is on duty is then worked out at the exact time of the request
from those arrays; a decision is one snap of the request's point and one Dijkstra from it
(``benchmarks/helpdesk_dispatch.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max

from baimi.circles.inputs import _network, projection_at
from baimi.geo.coords import LocalProjection
from baimi.geo.coverage import walk_nearest
from baimi.geo.network import WalkNetwork
from baimi.geo.snap import Snapped, snap_points
from baimi.places.models import Division, DutyShift, Staff, Walkway

SEARCH_CUTOFF_M = 3000.0  # farther than a 30-minute walk is not "nearby"; ranked by straight line then
SHORTLIST = 200  # candidates returned at most: offers go down this list until someone has room


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


STAMP_CHECK_S = 2.0  # another process's added or removed staff, shifts or walkways count within this
_STAMPS: dict[tuple[str, int], tuple[float, tuple[object, ...]]] = {}


def _checked_stamp(kind: str, community: Division, read: Callable[[Division], tuple[object, ...]]
                   ) -> tuple[object, ...]:
    """``read(community)``, asked of the database at most every ``STAMP_CHECK_S`` seconds per process."""
    now = time.monotonic()
    cached = _STAMPS.get((kind, community.pk))
    if cached is not None and now - cached[0] < STAMP_CHECK_S:
        return cached[1]
    stamp = read(community)
    _STAMPS[(kind, community.pk)] = (now, stamp)
    return stamp


def _walkway_stamp(community: Division) -> tuple[object, ...]:
    stamp = Walkway.objects.filter(community=community).aggregate(n=Count("id"), newest=Max("id"))
    return (stamp["n"], stamp["newest"])


def _network_for(community: Division) -> tuple[LocalProjection, WalkNetwork | None]:
    assert community.lon is not None and community.lat is not None
    walkways, newest = _checked_stamp("walkways", community, _walkway_stamp)
    network = _network_cached(community.pk, walkways, newest, community.lon, community.lat)
    return projection_at(community.lon, community.lat), network


ROSTER_TTL_S = 60.0  # another process's roster edits take effect within this; this process's at once


@dataclass(frozen=True)
class _Roster:
    """A community's staff as arrays: positions (snapped to the network), skills and weekly shifts."""

    stamp: tuple[object, ...]
    loaded_at: float
    ids: np.ndarray  # staff ids, ascending
    placed: np.ndarray  # bool: has a position
    x_m: np.ndarray
    y_m: np.ndarray
    snapped: Snapped | None  # of the placed staff, in ``ids[placed]`` order
    skills: dict[int, np.ndarray]  # skill id → bool per staff
    shift_staff: np.ndarray  # index into ids
    shift_weekday: np.ndarray
    shift_starts: np.ndarray  # minutes after midnight
    shift_ends: np.ndarray


_ROSTERS: dict[int, _Roster] = {}


def forget_rosters(*args: object, **kwargs: object) -> None:
    """Drop this process's cached rosters (called when staff, skills, shifts or walkways are saved here)."""
    _ROSTERS.clear()
    _STAMPS.clear()


def _stamp(community: Division) -> tuple[object, ...]:
    """Cheap to read, changes when staff or shifts are added or removed (also in bulk)."""
    staff = Staff.objects.filter(community=community).aggregate(n=Count("id"), newest=Max("id"))
    shifts = DutyShift.objects.filter(staff__community=community).aggregate(n=Count("id"), newest=Max("id"))
    return (staff["n"], staff["newest"], shifts["n"], shifts["newest"])


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _roster(community: Division, projection: LocalProjection, network: WalkNetwork | None) -> _Roster:
    stamp = (*_checked_stamp("roster", community, _stamp), id(network))
    cached = _ROSTERS.get(community.pk)
    if cached is not None and cached.stamp == stamp and time.monotonic() - cached.loaded_at < ROSTER_TTL_S:
        return cached
    rows = list(Staff.objects.filter(community=community, active=True).order_by("id").values_list("id", "lon", "lat"))
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    placed = np.array([r[1] is not None and r[2] is not None for r in rows], dtype=bool)
    lon = np.array([r[1] if r[1] is not None else np.nan for r in rows], dtype=float)
    lat = np.array([r[2] if r[2] is not None else np.nan for r in rows], dtype=float)
    x, y = projection.forward(lon, lat) if ids.size else (np.zeros(0), np.zeros(0))
    x, y = np.atleast_1d(x), np.atleast_1d(y)
    snapped = snap_points(network, x[placed], y[placed]) if network is not None and placed.any() else None
    position = {int(pk): i for i, pk in enumerate(ids)}
    skills: dict[int, np.ndarray] = {}
    for staff_id, skill_id in Staff.skills.through.objects.filter(staff_id__in=ids.tolist()).values_list(
            "staff_id", "skill_id"):
        skills.setdefault(skill_id, np.zeros(ids.size, dtype=bool))[position[staff_id]] = True
    shifts = [(position[s], d, _minutes(a), _minutes(b)) for s, d, a, b in DutyShift.objects.filter(
        staff__community=community, staff__active=True).values_list("staff_id", "weekday", "starts", "ends")]
    cols = np.array(shifts, dtype=np.int64).reshape(-1, 4)
    roster = _Roster(stamp, time.monotonic(), ids, placed, x, y, snapped, skills, cols[:, 0], cols[:, 1],
                     cols[:, 2], cols[:, 3])
    _ROSTERS[community.pk] = roster
    return roster


def _on_duty(roster: _Roster, skill_id: int | None, at: dt.datetime) -> np.ndarray:
    """Bool per staff: a shift covers ``at`` (local time; overnight shifts included) and the skill fits."""
    local = at.astimezone(dt.timezone(dt.timedelta(hours=8)))  # Asia/Shanghai has no DST
    now, weekday, yesterday = local.hour * 60 + local.minute, local.weekday(), (local.weekday() - 1) % 7
    start, end, day = roster.shift_starts, roster.shift_ends, roster.shift_weekday
    wraps = end <= start  # a shift whose end is not after its start runs past midnight
    covering = ((day == weekday) & (start <= now) & ((end > now) | wraps)) | ((day == yesterday) & wraps & (end > now))
    on = np.zeros(roster.ids.size, dtype=bool)
    on[roster.shift_staff[covering]] = True
    if skill_id is not None:
        on &= roster.skills.get(skill_id, np.zeros(roster.ids.size, dtype=bool))
    return on


def on_duty_ids(community: Division, skill_id: int | None, at: dt.datetime) -> set[int]:
    """Staff of ``community`` whose roster covers ``at``, with the skill."""
    projection, network = _network_for(community)
    roster = _roster(community, projection, network)
    return set(roster.ids[_on_duty(roster, skill_id, at)].tolist())


def rank_candidates(*, community: Division, lon: float, lat: float, skill_id: int | None, at: dt.datetime,
                    exclude: frozenset[int] = frozenset(), limit: int = SHORTLIST) -> list[Candidate]:
    """On-duty staff of ``community`` with the skill, nearest first, at most ``limit`` of them.
    Staff without a position come last."""
    projection, network = _network_for(community)
    roster = _roster(community, projection, network)
    eligible = _on_duty(roster, skill_id, at)
    if exclude:
        eligible &= ~np.isin(roster.ids, np.fromiter(exclude, np.int64, len(exclude)))
    if not eligible.any():
        return []
    ox, oy = (float(v[0]) for v in projection.forward(np.array([lon]), np.array([lat])))
    chosen = eligible & roster.placed
    straight = np.hypot(roster.x_m[chosen] - ox, roster.y_m[chosen] - oy)
    walk = np.full(straight.size, np.inf)
    if network is not None and roster.snapped is not None and straight.size:
        origin = snap_points(network, [ox], [oy])
        among_placed = np.flatnonzero(chosen[roster.placed])
        walk, _ = walk_nearest(network, roster.snapped.take(among_placed), origin, cutoff_m=SEARCH_CUTOFF_M)
    ids = roster.ids[chosen]
    order = np.lexsort((ids, straight, walk))[:limit]  # walking first; straight line breaks ties and the unreached
    out = [Candidate(int(i), float(w), float(s)) for i, w, s in zip(ids[order], walk[order], straight[order],
                                                                    strict=True)]
    unplaced = roster.ids[eligible & ~roster.placed][: max(0, limit - len(out))]
    out += [Candidate(int(pk), float("inf"), float("inf")) for pk in unplaced]
    return out
