"""Snapping equals brute force over every edge."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baimi.geo._errors import InputError
from baimi.geo.network import WalkNetwork, network_from_arrays
from baimi.geo.snap import point_segment_distance, snap_points


def _brute(net: WalkNetwork, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ax, ay = net.x_m[net.edge_u], net.y_m[net.edge_u]
    bx, by = net.x_m[net.edge_v], net.y_m[net.edge_v]
    d, _ = point_segment_distance(x[:, None], y[:, None], ax, ay, bx, by)
    return d.min(axis=1), d.argmin(axis=1)


def _random_network(seed: int, n_nodes: int, n_edges: int, span_deg: float) -> WalkNetwork:
    rng = np.random.default_rng(seed)
    lon = 88.0 + rng.uniform(0, span_deg, n_nodes)
    lat = 47.0 + rng.uniform(0, span_deg, n_nodes)
    u = rng.integers(0, n_nodes, n_edges)
    v = (u + 1 + rng.integers(0, n_nodes - 1, n_edges)) % n_nodes
    return network_from_arrays(lon, lat, u, v)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_nodes=st.integers(2, 30),
    n_edges=st.integers(1, 60),
    span=st.sampled_from([0.0005, 0.005, 0.05]),
)
def test_snap_matches_brute_force(seed: int, n_nodes: int, n_edges: int, span: float) -> None:
    net = _random_network(seed, n_nodes, n_edges, span)
    rng = np.random.default_rng(seed + 1)
    pad = 200.0
    x = rng.uniform(net.x_m.min() - pad, net.x_m.max() + pad, 300)
    y = rng.uniform(net.y_m.min() - pad, net.y_m.max() + pad, 300)
    s = snap_points(net, x, y)
    d, _ = _brute(net, x, y)
    np.testing.assert_allclose(s.snap_m, d, atol=1e-9)
    # the snapped point lies on the chosen edge at the reported distance
    np.testing.assert_allclose(np.hypot(s.x_m - x, s.y_m - y), s.snap_m, atol=1e-6)
    lengths = net.edge_length_m[s.edge]
    np.testing.assert_allclose(s.to_u_m + s.to_v_m, 2 * s.snap_m + lengths, atol=1e-6)


def test_snap_on_the_real_network(oakland: WalkNetwork) -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(oakland.x_m.min() - 50, oakland.x_m.max() + 50, 2000)
    y = rng.uniform(oakland.y_m.min() - 50, oakland.y_m.max() + 50, 2000)
    s = snap_points(oakland, x, y)
    d, e = _brute(oakland, x, y)
    np.testing.assert_allclose(s.snap_m, d, atol=1e-9)
    assert (s.edge == e).mean() > 0.999  # ties at a shared node may pick either edge


def test_points_beyond_max_snap_are_off_the_network() -> None:
    net = network_from_arrays([88.0, 88.001], [47.0, 47.0], [0], [1])
    s = snap_points(net, [0.0, 0.0], [10.0, 5000.0], max_snap_m=100.0)
    assert list(s.on_network) == [True, False]
    assert s.snap_m[1] == np.inf
    assert s.to_u_m[1] == np.inf
    assert s.snap_m[0] == pytest.approx(10.0, abs=0.01)  # a parallel is not quite straight in tmerc
    assert snap_points(net, [], []).edge.shape == (0,)


def test_non_finite_points_are_refused() -> None:
    net = network_from_arrays([88.0, 88.001], [47.0, 47.0], [0], [1])
    with pytest.raises(InputError):
        snap_points(net, [np.nan], [0.0])
    with pytest.raises(InputError):
        snap_points(net, [0.0, 1.0], [0.0])
