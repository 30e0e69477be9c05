"""The walking route between two points, to draw on a map ("why is this home not covered?").

Coverage needs only distances (one multi-source search per category); a route is asked for one
pair at a time, when a person clicks, so a single-source search with predecessors is enough.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra

from baimi.geo.network import WalkNetwork
from baimi.geo.snap import snap_points

__all__ = ["Route", "walk_route"]


@dataclass(frozen=True)
class Route:
    """A walking route.

    Attributes
    ----------
    length_m : float
        From the start point to the end point: the two snapping legs plus the path on the network.
    x_m, y_m : numpy.ndarray of float64
        The route's vertices in the network's projection, start point first.
    lon, lat : numpy.ndarray of float64
        The same in WGS-84 degrees.
    """

    length_m: float
    x_m: NDArray[np.float64]
    y_m: NDArray[np.float64]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]


def walk_route(
    net: WalkNetwork, from_x_m: float, from_y_m: float, to_x_m: float, to_y_m: float, *, max_snap_m: float | None = None
) -> Route | None:
    """The shortest walking route from one point to another.

    Parameters
    ----------
    net : WalkNetwork
    from_x_m, from_y_m, to_x_m, to_y_m : float
        The two points in ``net.projection``.
    max_snap_m : float, optional
        Points farther than this from the network have no route.

    Returns
    -------
    Route or None
        None when either point is off the network or the two lie in unconnected parts.
    """
    snapped = snap_points(net, np.array([from_x_m, to_x_m]), np.array([from_y_m, to_y_m]), max_snap_m=max_snap_m)
    if not bool(snapped.on_network.all()):
        return None
    ea, eb = int(snapped.edge[0]), int(snapped.edge[1])
    start = (float(snapped.x_m[0]), float(snapped.y_m[0]))
    end = (float(snapped.x_m[1]), float(snapped.y_m[1]))
    best_m = np.inf
    best_nodes: list[int] = []
    if ea == eb:  # along the shared edge, no node needed
        best_m = float(snapped.snap_m[0] + snapped.snap_m[1] + abs(snapped.t[0] - snapped.t[1]) * net.edge_length_m[ea])
    ends_a = [(int(net.edge_u[ea]), float(snapped.to_u_m[0])), (int(net.edge_v[ea]), float(snapped.to_v_m[0]))]
    ends_b = [(int(net.edge_u[eb]), float(snapped.to_u_m[1])), (int(net.edge_v[eb]), float(snapped.to_v_m[1]))]
    dist, pred = dijkstra(net.adjacency(), directed=True, indices=[n for n, _ in ends_a], return_predecessors=True)
    for i, (_, leg_a) in enumerate(ends_a):
        for node_b, leg_b in ends_b:
            total = leg_a + float(dist[i, node_b]) + leg_b
            if total < best_m:
                best_m, best_nodes = total, _path(pred[i], node_b)
    if not np.isfinite(best_m):
        return None
    xs = [from_x_m, start[0], *net.x_m[best_nodes].tolist(), end[0], to_x_m]
    ys = [from_y_m, start[1], *net.y_m[best_nodes].tolist(), end[1], to_y_m]
    x, y = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
    lon, lat = net.projection.inverse(x, y)
    return Route(float(best_m), x, y, np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64))


def _path(predecessors: NDArray[np.int32], target: int) -> list[int]:
    """Nodes from the search's source to ``target`` (the source's predecessor is -9999)."""
    nodes = [target]
    while predecessors[nodes[-1]] >= 0:
        nodes.append(int(predecessors[nodes[-1]]))
    return nodes[::-1]
