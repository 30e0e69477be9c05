"""Walking routes: as long as the engine's walking distance, and drawn along the network."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baimi.geo.coverage import walk_nearest
from baimi.geo.network import WalkNetwork, network_from_arrays
from baimi.geo.route import walk_route
from baimi.geo.snap import snap_points


def _grid(n: int = 6, spacing_deg: float = 0.001) -> WalkNetwork:
    lon, lat, eu, ev = [], [], [], []
    for i in range(n):
        for j in range(n):
            lon.append(88.0 + i * spacing_deg)
            lat.append(47.0 + j * spacing_deg)
            k = i * n + j
            if i + 1 < n:
                eu.append(k)
                ev.append(k + n)
            if j + 1 < n:
                eu.append(k)
                ev.append(k + 1)
    return network_from_arrays(lon, lat, eu, ev)


NET = _grid()
SPAN = (float(NET.x_m.min()), float(NET.x_m.max()), float(NET.y_m.min()), float(NET.y_m.max()))
coord_x = st.floats(SPAN[0] - 30, SPAN[1] + 30)
coord_y = st.floats(SPAN[2] - 30, SPAN[3] + 30)


@settings(max_examples=60, deadline=None)
@given(coord_x, coord_y, coord_x, coord_y)
def test_route_length_equals_the_walking_distance(ax: float, ay: float, bx: float, by: float) -> None:
    route = walk_route(NET, ax, ay, bx, by)
    assert route is not None
    facility = snap_points(NET, np.array([bx]), np.array([by]))
    demand = snap_points(NET, np.array([ax]), np.array([ay]))
    dist, _ = walk_nearest(NET, demand, facility)
    assert route.length_m == pytest.approx(float(dist[0]), rel=1e-9, abs=1e-6)
    # the drawn line is the route: its straight pieces add up to the length (grid edges are straight)
    drawn = float(np.hypot(np.diff(route.x_m), np.diff(route.y_m)).sum())
    assert drawn == pytest.approx(route.length_m, rel=2e-3, abs=0.05)
    assert (route.x_m[0], route.y_m[0]) == (ax, ay) and (route.x_m[-1], route.y_m[-1]) == (bx, by)


def test_no_route_across_unconnected_parts() -> None:
    two = network_from_arrays([88.0, 88.001, 88.01, 88.011], [47.0, 47.0, 47.0, 47.0], [0, 2], [1, 3])
    x, y = two.x_m, two.y_m
    assert walk_route(two, float(x[0]), float(y[0]), float(x[3]), float(y[3])) is None
    assert walk_route(two, float(x[0]), float(y[0]), float(x[3]), float(y[3]) + 500, max_snap_m=50) is None
