"""Blind spots (uncovered households grouped into areas) and the connectivity of the circles (圈圈相连).

Blind spots: uncovered households are linked when closer than ``link_m`` (single linkage, so the
clusters do not depend on input order); each cluster becomes a polygon (its convex hull, widened by
``buffer_m``) with its household and people counts.

Connectivity: two residents' groups' circles of radius ``r`` overlap or touch when their centres
are at most ``2r`` apart. The connected parts of that graph are the joined-up service areas; the
gap between two parts is the shortest centre distance between them minus ``2r`` (how far apart the
circles' edges are), and the gaps of a minimum spanning tree over the parts are the fewest, shortest
gaps to close to make the community one connected area.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import shapely
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree
from scipy.spatial import Delaunay, QhullError, cKDTree

from baimi.geo._errors import InputError
from baimi.geo.coords import LocalProjection

__all__ = ["BlindSpot", "CircleConnectivity", "CircleGap", "blind_spots", "circle_connectivity"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

_BRUTE_FORCE_MAX = 2000  # up to this many circles, gaps are found from every pair


@dataclass(frozen=True)
class BlindSpot:
    """One blind-spot area.

    Attributes
    ----------
    households : numpy.ndarray of int64
        Indices (into the input arrays) of the uncovered households in it.
    people : float
        Their summed weight.
    polygon_m : shapely.Polygon
        The area in the local projection (metres).
    polygon_wgs84 : shapely.Polygon or None
        The same in WGS-84 degrees, when a projection was given.
    centroid_x_m, centroid_y_m : float
        People-weighted centre (where a new service point would help most at first sight).
    """

    households: IntArray
    people: float
    polygon_m: shapely.Polygon
    polygon_wgs84: shapely.Polygon | None
    centroid_x_m: float
    centroid_y_m: float

    @property
    def n_households(self) -> int:
        """Number of households in the area."""
        return int(self.households.shape[0])

    @property
    def area_m2(self) -> float:
        """Polygon area in square metres."""
        return float(self.polygon_m.area)


def _as_xy(x_m: ArrayLike, y_m: ArrayLike) -> tuple[FloatArray, FloatArray]:
    x = np.asarray(x_m, dtype=np.float64).ravel()
    y = np.asarray(y_m, dtype=np.float64).ravel()
    if x.shape != y.shape:
        raise InputError("x_m and y_m must have the same length")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise InputError("coordinates must be finite")
    return x, y


def blind_spots(
    x_m: ArrayLike,
    y_m: ArrayLike,
    uncovered: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    link_m: float = 50.0,
    buffer_m: float = 10.0,
    min_households: int = 1,
    projection: LocalProjection | None = None,
) -> list[BlindSpot]:
    """Cluster uncovered households into blind-spot polygons.

    Parameters
    ----------
    x_m, y_m : array-like
        Households in metres.
    uncovered : array-like of bool
        E.g. ``~result.covered_walk[:, j]`` for one category, or ``~result.covered_walk.all(1)``.
    weight : array-like, optional
        People per household (default 1).
    link_m : float
        Households closer than this are in the same blind spot.
    buffer_m : float
        Widening of each cluster's convex hull, so one household is a small disc, not a point.
    min_households : int
        Smaller clusters are left out.
    projection : LocalProjection, optional
        If given, polygons are also returned in WGS-84.

    Returns
    -------
    list of BlindSpot
        Largest first (by people, then households, then position).
    """
    x, y = _as_xy(x_m, y_m)
    mask = np.asarray(uncovered, dtype=bool).ravel()
    w = np.ones(x.shape[0]) if weight is None else np.asarray(weight, dtype=np.float64).ravel()
    if mask.shape != x.shape or w.shape != x.shape:
        raise InputError("uncovered and weight must match the households")
    if link_m <= 0 or buffer_m < 0:
        raise InputError("link_m must be positive and buffer_m non-negative")
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return []
    pts = np.column_stack([x[idx], y[idx]])
    pairs = cKDTree(pts).query_pairs(link_m, output_type="ndarray")
    graph = sp.coo_matrix((np.ones(pairs.shape[0]), (pairs[:, 0], pairs[:, 1])), shape=(idx.size, idx.size))
    _, labels = connected_components(graph, directed=False)
    spots: list[BlindSpot] = []
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    for members in np.split(order, bounds):
        if members.size < min_households:
            continue
        hh = idx[members]
        hull = shapely.MultiPoint(pts[members]).convex_hull
        poly = hull.buffer(buffer_m) if buffer_m > 0 else hull
        if not isinstance(poly, shapely.Polygon):  # a hull of one or two points without a buffer
            poly = shapely.Polygon()
        people = float(w[hh].sum())
        if people > 0:
            cx, cy = float(np.average(x[hh], weights=w[hh])), float(np.average(y[hh], weights=w[hh]))
        else:
            cx, cy = float(x[hh].mean()), float(y[hh].mean())
        wgs = None
        if projection is not None and not poly.is_empty:
            wgs = shapely.transform(poly, lambda c: np.column_stack(projection.inverse(c[:, 0], c[:, 1])))
        spots.append(BlindSpot(np.sort(hh), people, poly, wgs, cx, cy))
    spots.sort(key=lambda s: (-s.people, -s.n_households, s.centroid_x_m, s.centroid_y_m))
    return spots


@dataclass(frozen=True)
class CircleGap:
    """The shortest gap between two connected parts."""

    part_a: int
    part_b: int
    group_a: int
    group_b: int
    distance_m: float
    gap_m: float


@dataclass(frozen=True)
class CircleConnectivity:
    """The graph of circles.

    Attributes
    ----------
    part : numpy.ndarray of int64
        Connected part of each group's circle (0 .. n_parts-1, numbered by their lowest group).
    n_parts : int
        1 when the circles all join up (圈圈相连).
    edges : numpy.ndarray, shape (m, 2)
        Pairs of groups whose circles overlap or touch.
    gaps : list of CircleGap
        For pairs of parts that are neighbours (Delaunay-adjacent; every pair when there are at most
        2,000 groups), the shortest gap; sorted by ``gap_m``.
    bridges : list of CircleGap
        The gaps of a minimum spanning tree over the parts: closing these joins everything.
    """

    part: IntArray
    n_parts: int
    edges: IntArray
    gaps: list[CircleGap]
    bridges: list[CircleGap]

    @property
    def connected(self) -> bool:
        """Whether every circle is joined to every other."""
        return self.n_parts <= 1


def _candidate_pairs(pts: FloatArray) -> IntArray:
    n = pts.shape[0]
    if n <= _BRUTE_FORCE_MAX:
        i, j = np.triu_indices(n, k=1)
        return np.column_stack([i, j]).astype(np.int64)
    try:
        tri = Delaunay(pts)
    except QhullError:  # all points on a line: neighbours along it are enough
        order = np.lexsort((pts[:, 1], pts[:, 0]))
        return np.column_stack([order[:-1], order[1:]]).astype(np.int64)
    s = tri.simplices
    e = np.concatenate([s[:, [0, 1]], s[:, [1, 2]], s[:, [0, 2]]])
    e = np.sort(e, axis=1)
    return np.unique(e, axis=0).astype(np.int64)


def circle_connectivity(x_m: ArrayLike, y_m: ArrayLike, *, radius_m: float = 100.0) -> CircleConnectivity:
    """Which residents' groups' circles overlap or touch, the connected parts, and the gaps between.

    Parameters
    ----------
    x_m, y_m : array-like
        Circle centres (the residents' groups' base points) in metres.
    radius_m : float
        Circle radius (100 m).

    Returns
    -------
    CircleConnectivity
    """
    x, y = _as_xy(x_m, y_m)
    if radius_m <= 0:
        raise InputError("radius_m must be positive")
    n = x.shape[0]
    pts = np.column_stack([x, y])
    if n == 0:
        return CircleConnectivity(np.zeros(0, np.int64), 0, np.zeros((0, 2), np.int64), [], [])
    reach = 2.0 * radius_m * (1.0 + 1e-12)  # touching circles count as joined
    edges = cKDTree(pts).query_pairs(reach, output_type="ndarray").astype(np.int64).reshape(-1, 2)
    edges = edges[np.lexsort((edges[:, 1], edges[:, 0]))]
    graph = sp.coo_matrix((np.ones(edges.shape[0]), (edges[:, 0], edges[:, 1])), shape=(n, n))
    n_parts, labels = connected_components(graph, directed=False)
    # renumber parts by their lowest member, so the numbering is independent of scipy's
    first = np.full(n_parts, n, dtype=np.int64)
    np.minimum.at(first, labels, np.arange(n, dtype=np.int64))
    rank = np.empty(n_parts, dtype=np.int64)
    rank[np.argsort(first)] = np.arange(n_parts)
    part = rank[labels]
    gaps: list[CircleGap] = []
    bridges: list[CircleGap] = []
    if n_parts > 1:
        cand = _candidate_pairs(pts)
        pa, pb = part[cand[:, 0]], part[cand[:, 1]]
        between = pa != pb
        cand, pa, pb = cand[between], pa[between], pb[between]
        dist = np.hypot(*(pts[cand[:, 0]] - pts[cand[:, 1]]).T)
        lo, hi = np.minimum(pa, pb), np.maximum(pa, pb)
        order = np.lexsort((cand[:, 1], cand[:, 0], dist, hi, lo))
        lo, hi, cand, dist = lo[order], hi[order], cand[order], dist[order]
        first_of_pair = np.ones(lo.shape[0], dtype=bool)
        first_of_pair[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
        for k in np.flatnonzero(first_of_pair):
            ga, gb = (cand[k, 0], cand[k, 1]) if part[cand[k, 0]] == lo[k] else (cand[k, 1], cand[k, 0])
            d = float(dist[k])
            gaps.append(CircleGap(int(lo[k]), int(hi[k]), int(ga), int(gb), d, max(0.0, d - 2 * radius_m)))
        gaps.sort(key=lambda g: (g.gap_m, g.part_a, g.part_b))
        # MST over parts; +1 so zero-length gaps are not dropped as non-edges
        weights = np.array([g.distance_m + 1.0 for g in gaps])
        rows = np.array([g.part_a for g in gaps], dtype=np.int64)
        cols = np.array([g.part_b for g in gaps], dtype=np.int64)
        mst = minimum_spanning_tree(sp.csr_matrix((weights, (rows, cols)), shape=(n_parts, n_parts))).tocoo()
        chosen = set(zip(np.minimum(mst.row, mst.col).tolist(), np.maximum(mst.row, mst.col).tolist(), strict=True))
        bridges = [g for g in gaps if (g.part_a, g.part_b) in chosen]
    return CircleConnectivity(part, int(n_parts), edges, gaps, bridges)
