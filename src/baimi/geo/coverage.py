"""Coverage: the distance from every demand point to the nearest open service point of each category.

Two measures, both in metres in the local projection:

* **straight line**: a k-d tree query per category;
* **walking**: one multi-source Dijkstra per category over the walking network
  (``scipy.sparse.csgraph.dijkstra`` with ``min_only=True`` and ``limit=cutoff``), never one search
  per household. Each service point enters the graph as a virtual source joined to both ends of
  the edge it snaps to, with its access leg and the length along the edge as weights; each demand
  point reads the distance at both ends of its own edge and adds its own legs. A service point on
  the demand point's own edge is also reached directly along the edge.

A walking distance longer than the search cutoff is reported as ``inf`` (not reached), as is any
demand point or service point farther than ``max_snap_m`` from the network. A category with no open
service point leaves every distance ``inf`` and nothing covered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from baimi.geo._errors import InputError
from baimi.geo.network import WalkNetwork
from baimi.geo.snap import Snapped, snap_points, spatial_order

__all__ = [
    "DEFAULT_RADIUS_M",
    "DEFAULT_WALK_SPEED_M_S",
    "CoverageResult",
    "GroupRates",
    "compute_coverage",
    "coverage_rates",
    "straight_nearest",
    "walk_distances_from",
    "walk_nearest",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: The circle's radius.
DEFAULT_RADIUS_M = 100.0
#: A slow walk (an elderly resident, a parent with a child): 1.0 m/s, 100 m in 100 s.
DEFAULT_WALK_SPEED_M_S = 1.0


def straight_nearest(
    demand_x_m: ArrayLike,
    demand_y_m: ArrayLike,
    facility_x_m: ArrayLike,
    facility_y_m: ArrayLike,
    *,
    order: IntArray | None = None,
) -> tuple[FloatArray, IntArray]:
    """Straight-line distance from each demand point to the nearest facility.

    ``order`` may pass a precomputed :func:`baimi.geo.snap.spatial_order` of the demand points
    (it only affects speed).

    Returns
    -------
    distance_m : numpy.ndarray
        ``inf`` when there is no facility.
    facility : numpy.ndarray of int64
        Index of the nearest facility, -1 when there is none.
    """
    dx = np.asarray(demand_x_m, dtype=np.float64).ravel()
    dy = np.asarray(demand_y_m, dtype=np.float64).ravel()
    fx = np.asarray(facility_x_m, dtype=np.float64).ravel()
    fy = np.asarray(facility_y_m, dtype=np.float64).ravel()
    if fx.size == 0 or dx.size == 0:
        return np.full(dx.size, np.inf), np.full(dx.size, -1, dtype=np.int64)
    if order is None:
        order = spatial_order(dx, dy)
    dist_o, idx_o = cKDTree(np.column_stack([fx, fy])).query(np.column_stack([dx[order], dy[order]]), k=1,
                                                                      workers=-1 if dx.size >= 20_000 else 1)
    dist = np.empty(dx.size)
    idx = np.empty(dx.size, dtype=np.int64)
    dist[order] = dist_o
    idx[order] = idx_o
    return dist, idx


def _sources_graph(net: WalkNetwork, facilities: Snapped) -> tuple[sp.csr_matrix, IntArray]:
    """The network plus one virtual node per snapped facility, with edges out to its edge's ends."""
    on = np.flatnonzero(facilities.edge >= 0)
    n = net.n_nodes
    k = on.size
    e = facilities.edge[on]
    # row n+i holds two entries: to edge_u and to edge_v of facility i's edge
    cols = np.column_stack([net.edge_u[e], net.edge_v[e]]).ravel().astype(np.int32)
    data = np.column_stack([facilities.to_u_m[on], facilities.to_v_m[on]]).ravel()
    indptr = np.concatenate([net.indptr, net.indptr[-1] + 2 * np.arange(1, k + 1, dtype=np.int32)])
    graph = sp.csr_matrix(
        (np.concatenate([net.weight_m, data]), np.concatenate([net.indices, cols]), indptr),
        shape=(n + k, n + k),
    )
    return graph, on.astype(np.int64)


def walk_nearest(
    net: WalkNetwork,
    demand: Snapped,
    facilities: Snapped,
    *,
    cutoff_m: float | None = None,
) -> tuple[FloatArray, IntArray]:
    """Walking distance from each demand point to its nearest facility: one Dijkstra for all.

    Parameters
    ----------
    net : WalkNetwork
    demand, facilities : Snapped
        From :func:`baimi.geo.snap.snap_points` on ``net``.
    cutoff_m : float, optional
        Stop the search at this distance; longer distances are reported as ``inf``.

    Returns
    -------
    distance_m : numpy.ndarray
        Walking distance including both access legs; ``inf`` if unreachable or beyond the cutoff.
    facility : numpy.ndarray of int64
        Index (into ``facilities``) of the nearest facility, -1 where the distance is ``inf``.
    """
    n_demand = demand.edge.shape[0]
    dist = np.full(n_demand, np.inf)
    which = np.full(n_demand, -1, dtype=np.int64)
    if n_demand == 0 or not (facilities.edge >= 0).any():
        return dist, which
    limit = np.inf if cutoff_m is None else float(cutoff_m)
    graph, fac_index = _sources_graph(net, facilities)
    n = net.n_nodes
    sources = np.arange(n, n + fac_index.size)
    node_dist, _pred, node_source = dijkstra(
        graph, directed=True, indices=sources, min_only=True, limit=limit, return_predecessors=True
    )
    on = np.flatnonzero(demand.edge >= 0)
    e = demand.edge[on]
    u = net.edge_u[e]
    v = net.edge_v[e]
    via_u = node_dist[u] + demand.to_u_m[on]
    via_v = node_dist[v] + demand.to_v_m[on]
    best = np.minimum(via_u, via_v)
    src = np.where(via_u <= via_v, node_source[u], node_source[v])
    best_fac = np.where(np.isfinite(best), fac_index[np.clip(src - n, 0, None)], -1)
    # facilities on the demand point's own edge: straight along it
    f_on = facilities.edge >= 0
    f_idx = np.flatnonzero(f_on)
    f_edge = facilities.edge[f_idx]
    order = np.argsort(f_edge, kind="stable")
    f_idx, f_edge = f_idx[order], f_edge[order]
    # only demand points whose edge holds a facility need looking at
    shared = np.flatnonzero(np.bincount(f_edge, minlength=net.n_edges)[e] > 0)
    lo = np.searchsorted(f_edge, e[shared], side="left")
    hi = np.searchsorted(f_edge, e[shared], side="right")
    for step in range(int((hi - lo).max(initial=0))):
        sel = np.flatnonzero(lo + step < hi)
        rows = shared[sel]
        fi = f_idx[lo[sel] + step]
        direct = (
            demand.snap_m[on[rows]]
            + facilities.snap_m[fi]
            + np.abs(demand.t[on[rows]] - facilities.t[fi]) * net.edge_length_m[e[rows]]
        )
        better = direct < best[rows]
        best[rows[better]] = direct[better]
        best_fac[rows[better]] = fi[better]
    reached = best <= limit
    dist[on[reached]] = best[reached]
    which[on[reached]] = best_fac[reached]
    return dist, which


def walk_distances_from(
    net: WalkNetwork,
    origin_x_m: float,
    origin_y_m: float,
    target_x_m: ArrayLike,
    target_y_m: ArrayLike,
    *,
    cutoff_m: float | None = None,
    max_snap_m: float | None = None,
) -> FloatArray:
    """Walking distance from one point to each of many (e.g. to rank staff for a help request).

    Returns
    -------
    numpy.ndarray
        Metres, ``inf`` where unreachable or beyond ``cutoff_m``. Sort with ``numpy.argsort`` to rank.
    """
    origin = snap_points(net, [origin_x_m], [origin_y_m], max_snap_m=max_snap_m)
    targets = snap_points(net, target_x_m, target_y_m, max_snap_m=max_snap_m)
    # distance is symmetric: search once from the origin and read every target
    dist, _ = walk_nearest(net, targets, origin, cutoff_m=cutoff_m)
    return dist


@dataclass(frozen=True)
class CoverageResult:
    """Distances and coverage of every demand point for every category.

    Attributes
    ----------
    categories : tuple of str
        Column order of the 2-D arrays.
    straight_m, walk_m : numpy.ndarray, shape (n_demand, n_categories)
        Distance to the nearest open service point (``walk_m`` is ``inf`` beyond ``cutoff_m``, and
        is all ``inf`` when no network was given).
    straight_facility, walk_facility : numpy.ndarray of int64, same shape
        Index into the facility arrays given to :func:`compute_coverage`, -1 for none.
    demand_snap_m : numpy.ndarray
        Each demand point's distance to the network (``inf`` if off it).
    radius_m, walk_radius_m, walk_speed_m_s, cutoff_m : float
        The thresholds used.
    max_walk_s : float or None
        When set, walking coverage is by time (``walk_s <= max_walk_s``) instead of distance.
    """

    categories: tuple[str, ...]
    straight_m: FloatArray
    straight_facility: IntArray
    walk_m: FloatArray
    walk_facility: IntArray
    demand_snap_m: FloatArray
    radius_m: float
    walk_radius_m: float
    walk_speed_m_s: float
    cutoff_m: float
    max_walk_s: float | None

    @property
    def walk_s(self) -> FloatArray:
        """Walking time in seconds at ``walk_speed_m_s``."""
        result: FloatArray = self.walk_m / self.walk_speed_m_s
        return result

    @property
    def covered_straight(self) -> BoolArray:
        """Within ``radius_m`` in a straight line."""
        result: BoolArray = self.straight_m <= self.radius_m
        return result

    @property
    def covered_walk(self) -> BoolArray:
        """Within ``walk_radius_m`` along the network (or within ``max_walk_s`` when set)."""
        if self.max_walk_s is not None:
            by_time: BoolArray = self.walk_s <= self.max_walk_s
            return by_time
        result: BoolArray = self.walk_m <= self.walk_radius_m
        return result

    def column(self, category: str) -> int:
        """Column index of a category."""
        try:
            return self.categories.index(category)
        except ValueError:
            raise InputError(f"no category {category!r}; have {list(self.categories)}") from None


def compute_coverage(
    demand_x_m: ArrayLike,
    demand_y_m: ArrayLike,
    facility_x_m: ArrayLike,
    facility_y_m: ArrayLike,
    facility_category: Sequence[str] | NDArray[np.str_] | NDArray[np.object_],
    *,
    categories: Sequence[str] | None = None,
    facility_open: ArrayLike | None = None,
    network: WalkNetwork | None = None,
    radius_m: float = DEFAULT_RADIUS_M,
    walk_radius_m: float | None = None,
    walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S,
    max_walk_s: float | None = None,
    cutoff_m: float | None = None,
    max_snap_m: float | None = None,
    demand_snap: Snapped | None = None,
) -> CoverageResult:
    """Straight-line and walking coverage of every demand point for every service category.

    Parameters
    ----------
    demand_x_m, demand_y_m : array-like
        Households or buildings, in the network's projection (metres).
    facility_x_m, facility_y_m : array-like
        Service points, same projection.
    facility_category : sequence of str
        Category of each service point (e.g. ``"doctor"``, ``"books"``, ``"play"``, ``"mediation"``).
    categories : sequence of str, optional
        Categories to report, in this order (default: those present, sorted). A category with no
        open service point is reported as uncovered everywhere.
    facility_open : array-like of bool, optional
        Closed service points are ignored (default: all open).
    network : WalkNetwork, optional
        Without it, only straight-line distances are computed.
    radius_m : float
        Straight-line threshold (100 m).
    walk_radius_m : float, optional
        Walking-distance threshold (default ``radius_m``).
    walk_speed_m_s : float
        For walking times (default 1.0 m/s).
    max_walk_s : float, optional
        If given, walking coverage is by time instead of distance.
    cutoff_m : float, optional
        Stop walking searches here (default: the walking threshold); report farther as ``inf``.
    max_snap_m : float, optional
        Points farther than this from the network are off it (walking ``inf``).
    demand_snap : Snapped, optional
        Reuse a previous snap of the same demand points.

    Returns
    -------
    CoverageResult

    Raises
    ------
    InputError
        On shape mismatches, non-finite coordinates or non-positive thresholds.
    """
    dx = np.asarray(demand_x_m, dtype=np.float64).ravel()
    dy = np.asarray(demand_y_m, dtype=np.float64).ravel()
    fx = np.asarray(facility_x_m, dtype=np.float64).ravel()
    fy = np.asarray(facility_y_m, dtype=np.float64).ravel()
    cat = np.asarray(facility_category, dtype=object).ravel()
    opened = np.ones(fx.shape[0], dtype=bool) if facility_open is None else np.asarray(facility_open, bool)
    if dx.shape != dy.shape or fx.shape != fy.shape or cat.shape != fx.shape or opened.shape != fx.shape:
        raise InputError("coordinate, category and open arrays must have matching lengths")
    for name, arr in (("demand", dx), ("demand", dy), ("facility", fx), ("facility", fy)):
        if not np.isfinite(arr).all():
            raise InputError(f"{name} coordinates must be finite")
    walk_radius = radius_m if walk_radius_m is None else float(walk_radius_m)
    if radius_m <= 0 or walk_radius <= 0 or walk_speed_m_s <= 0 or (max_walk_s is not None and max_walk_s <= 0):
        raise InputError("radii, speed and time thresholds must be positive")
    threshold_walk_m = walk_radius if max_walk_s is None else max_walk_s * walk_speed_m_s
    cutoff = threshold_walk_m if cutoff_m is None else max(float(cutoff_m), threshold_walk_m)
    cats = tuple(sorted({str(c) for c in cat})) if categories is None else tuple(categories)
    if len(set(cats)) != len(cats):
        raise InputError("categories must be distinct")
    n, c = dx.shape[0], len(cats)
    straight_m = np.full((n, c), np.inf)
    straight_f = np.full((n, c), -1, dtype=np.int64)
    walk_m = np.full((n, c), np.inf)
    walk_f = np.full((n, c), -1, dtype=np.int64)
    snap_m = np.full(n, np.inf)
    d_snap: Snapped | None = None
    f_snap: Snapped | None = None
    if network is not None:
        d_snap = demand_snap if demand_snap is not None else snap_points(network, dx, dy, max_snap_m=max_snap_m)
        if d_snap.edge.shape[0] != n:
            raise InputError("demand_snap does not match the demand points")
        snap_m = d_snap.snap_m
        f_snap = snap_points(network, fx, fy, max_snap_m=max_snap_m)
    order = spatial_order(dx, dy)
    for j, name in enumerate(cats):
        members = np.flatnonzero((cat == name) & opened)
        if members.size == 0:
            continue
        dist, idx = straight_nearest(dx, dy, fx[members], fy[members], order=order)
        straight_m[:, j] = dist
        straight_f[:, j] = np.where(idx >= 0, members[np.clip(idx, 0, None)], -1)
        if network is not None and d_snap is not None and f_snap is not None:
            wdist, widx = walk_nearest(network, d_snap, f_snap.take(members), cutoff_m=cutoff)
            walk_m[:, j] = wdist
            walk_f[:, j] = np.where(widx >= 0, members[np.clip(widx, 0, None)], -1)
    return CoverageResult(
        categories=cats,
        straight_m=straight_m,
        straight_facility=straight_f,
        walk_m=walk_m,
        walk_facility=walk_f,
        demand_snap_m=snap_m,
        radius_m=float(radius_m),
        walk_radius_m=walk_radius,
        walk_speed_m_s=float(walk_speed_m_s),
        cutoff_m=cutoff,
        max_walk_s=max_walk_s,
    )


@dataclass(frozen=True)
class GroupRates:
    """Coverage rates per group (residents' group, community, town, ...).

    Attributes
    ----------
    groups : numpy.ndarray
        The distinct group labels, sorted.
    categories : tuple of str
        Column order; the last column, ``"all"``, is "every category covered".
    total_weight : numpy.ndarray, shape (n_groups,)
        People (or households) in each group.
    covered_weight : numpy.ndarray, shape (n_groups, n_categories + 1)
    rate : numpy.ndarray, same shape
        ``covered_weight / total_weight`` (NaN for a group of weight 0).
    """

    groups: NDArray[np.generic]
    categories: tuple[str, ...]
    total_weight: FloatArray
    covered_weight: FloatArray
    rate: FloatArray

    def as_records(self) -> list[dict[str, object]]:
        """One dict per group: ``group``, ``total_weight`` and ``rate_<category>`` keys."""
        rows: list[dict[str, object]] = []
        for i, g in enumerate(self.groups.tolist()):
            row: dict[str, object] = {"group": g, "total_weight": float(self.total_weight[i])}
            for j, name in enumerate(self.categories):
                row[f"covered_{name}"] = float(self.covered_weight[i, j])
                row[f"rate_{name}"] = float(self.rate[i, j])
            rows.append(row)
        return rows


def coverage_rates(
    covered: ArrayLike,
    categories: Sequence[str],
    group: ArrayLike,
    *,
    weight: ArrayLike | None = None,
) -> GroupRates:
    """Aggregate a coverage matrix into weighted rates per group.

    Parameters
    ----------
    covered : array-like of bool, shape (n, n_categories)
        E.g. ``result.covered_walk``.
    categories : sequence of str
        Column names of ``covered``.
    group : array-like, shape (n,)
        Group label of each demand point; call again with community or county labels for the
        levels above.
    weight : array-like, shape (n,), optional
        People per demand point (default 1 each). Must be finite and non-negative.

    Returns
    -------
    GroupRates
    """
    cov = np.asarray(covered, dtype=bool)
    if cov.ndim == 1:
        cov = cov[:, None]
    labels = np.asarray(group).ravel()
    n = cov.shape[0]
    w = np.ones(n) if weight is None else np.asarray(weight, dtype=np.float64).ravel()
    if labels.shape[0] != n or w.shape[0] != n or cov.shape[1] != len(categories):
        raise InputError("covered, group and weight must describe the same demand points")
    if not np.isfinite(w).all() or (w < 0).any():
        raise InputError("weights must be finite and non-negative")
    groups, inverse = np.unique(labels, return_inverse=True)
    inverse = inverse.ravel()
    full = np.column_stack([cov, cov.all(axis=1) if cov.shape[1] else np.zeros(n, dtype=bool)])
    total = np.bincount(inverse, weights=w, minlength=groups.shape[0]).astype(np.float64)
    covered_w = (
        np.column_stack(
            [np.bincount(inverse, weights=w * full[:, j], minlength=groups.shape[0]) for j in range(full.shape[1])]
        )
        .reshape(groups.shape[0], full.shape[1])
        .astype(np.float64)
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = covered_w / total[:, None]
    return GroupRates(groups, (*categories, "all"), total, covered_w, rate)
