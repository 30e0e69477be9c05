"""Coverage against brute force, and walking distances against networkx on the real OSM file."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from scipy.sparse.csgraph import dijkstra

from baimi.geo._errors import InputError
from baimi.geo.coverage import (
    compute_coverage,
    coverage_rates,
    straight_nearest,
    walk_distances_from,
    walk_nearest,
)
from baimi.geo.network import WalkNetwork, network_from_arrays
from baimi.geo.snap import Snapped, snap_points


def _random_network(seed: int, n_nodes: int, n_edges: int) -> WalkNetwork:
    rng = np.random.default_rng(seed)
    lon = 88.0 + rng.uniform(0, 0.004, n_nodes)
    lat = 47.0 + rng.uniform(0, 0.004, n_nodes)
    u = rng.integers(0, n_nodes, n_edges)
    v = (u + 1 + rng.integers(0, n_nodes - 1, n_edges)) % n_nodes
    return network_from_arrays(lon, lat, u, v)


def _brute_walk(net: WalkNetwork, d: Snapped, f: Snapped) -> np.ndarray:
    """All-pairs node distances, then every combination of edge ends, plus same-edge walks."""
    apsp = dijkstra(net.adjacency(), directed=True)
    out = np.full(d.edge.shape[0], np.inf)
    for i in range(d.edge.shape[0]):
        if d.edge[i] < 0:
            continue
        for j in range(f.edge.shape[0]):
            if f.edge[j] < 0:
                continue
            du, dv = net.edge_u[d.edge[i]], net.edge_v[d.edge[i]]
            fu, fv = net.edge_u[f.edge[j]], net.edge_v[f.edge[j]]
            best = min(
                f.to_u_m[j] + apsp[fu, du] + d.to_u_m[i],
                f.to_u_m[j] + apsp[fu, dv] + d.to_v_m[i],
                f.to_v_m[j] + apsp[fv, du] + d.to_u_m[i],
                f.to_v_m[j] + apsp[fv, dv] + d.to_v_m[i],
            )
            if d.edge[i] == f.edge[j]:
                along = abs(d.t[i] - f.t[j]) * net.edge_length_m[d.edge[i]]
                best = min(best, d.snap_m[i] + f.snap_m[j] + along)
            out[i] = min(out[i], best)
    return out


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    n_nodes=st.integers(2, 25),
    n_edges=st.integers(1, 40),
    n_fac=st.integers(0, 6),
    cutoff=st.sampled_from([None, 60.0, 150.0]),
)
def test_walk_nearest_matches_brute_force(
    seed: int, n_nodes: int, n_edges: int, n_fac: int, cutoff: float | None
) -> None:
    net = _random_network(seed, n_nodes, n_edges)
    rng = np.random.default_rng(seed + 7)
    lo_x, hi_x = net.x_m.min() - 30, net.x_m.max() + 30
    lo_y, hi_y = net.y_m.min() - 30, net.y_m.max() + 30
    d = snap_points(net, rng.uniform(lo_x, hi_x, 40), rng.uniform(lo_y, hi_y, 40), max_snap_m=25.0)
    f = snap_points(net, rng.uniform(lo_x, hi_x, n_fac), rng.uniform(lo_y, hi_y, n_fac), max_snap_m=25.0)
    dist, which = walk_nearest(net, d, f, cutoff_m=cutoff)
    expected = _brute_walk(net, d, f)
    if cutoff is not None:
        expected[expected > cutoff] = np.inf
    np.testing.assert_allclose(dist, expected, rtol=0, atol=1e-9)
    assert ((which >= 0) == np.isfinite(dist)).all()
    # the reported facility really is at that distance
    for i in np.flatnonzero(which >= 0):
        alone = walk_nearest(net, d.take([i]), f.take([which[i]]))[0][0]
        assert alone == pytest.approx(dist[i], abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 100_000), n=st.integers(0, 50), m=st.integers(0, 10))
def test_straight_nearest_matches_brute_force(seed: int, n: int, m: int) -> None:
    rng = np.random.default_rng(seed)
    dx, dy = rng.uniform(0, 500, n), rng.uniform(0, 500, n)
    fx, fy = rng.uniform(0, 500, m), rng.uniform(0, 500, m)
    dist, idx = straight_nearest(dx, dy, fx, fy)
    if m == 0:
        assert np.isinf(dist).all()
        assert (idx == -1).all()
        return
    full = np.hypot(dx[:, None] - fx, dy[:, None] - fy)
    np.testing.assert_allclose(dist, full.min(axis=1) if n else dist, atol=1e-9)


def _networkx_graph_from_osm(path: Path, keep: set[int]) -> object:
    """An independent graph of the file: ElementTree + pyproj's geodesic, one edge at a time + networkx."""
    nx = pytest.importorskip("networkx")
    root = ET.parse(path).getroot()
    coords = {int(n.get("id", "0")): (float(n.get("lon", "0")), float(n.get("lat", "0"))) for n in root.iter("node")}
    g = nx.Graph()
    geod = Geod(ellps="WGS84")
    for way in root.iter("way"):
        refs = [int(nd.get("ref", "0")) for nd in way.iter("nd")]
        for a, b in zip(refs, refs[1:], strict=False):
            if a in keep and b in keep and a != b:
                (lo1, la1), (lo2, la2) = coords[a], coords[b]
                w = geod.inv(lo1, la1, lo2, la2)[2]
                if g.has_edge(a, b):
                    w = min(w, g[a][b]["length"])
                g.add_edge(a, b, length=w)
    return g


@pytest.mark.parametrize("cutoff", [100.0, 300.0, None])
def test_walking_distances_equal_networkx_on_the_real_osm_file(
    oakland: WalkNetwork, oakland_path: Path, cutoff: float | None
) -> None:
    nx = pytest.importorskip("networkx")
    g = _networkx_graph_from_osm(oakland_path, set(oakland.node_id.tolist()))
    edges_ok = {
        frozenset((int(a), int(b)))
        for a, b in zip(oakland.node_id[oakland.edge_u], oakland.node_id[oakland.edge_v], strict=True)
    }
    # the engine's filter is the reference for which ways are walkable; keep just those in networkx
    g.remove_edges_from([e for e in list(g.edges) if frozenset(e) not in edges_ok])  # type: ignore[attr-defined]
    rng = np.random.default_rng(11)
    fac_nodes = rng.choice(oakland.n_nodes, 12, replace=False)
    expected = nx.multi_source_dijkstra_path_length(
        g, {int(oakland.node_id[i]) for i in fac_nodes}, cutoff=cutoff, weight="length"
    )
    # demand and service points exactly at nodes: no access legs
    res = compute_coverage(
        oakland.x_m,
        oakland.y_m,
        oakland.x_m[fac_nodes],
        oakland.y_m[fac_nodes],
        ["doctor"] * 12,
        network=oakland,
        cutoff_m=cutoff if cutoff is not None else 1e12,
        walk_radius_m=cutoff or 1e12,
    )
    got = res.walk_m[:, 0]
    for i, node in enumerate(oakland.node_id.tolist()):
        if node in expected:
            assert got[i] == pytest.approx(expected[node], abs=1e-6)
        else:
            assert got[i] == np.inf
    assert np.isfinite(got).sum() == len(expected)


def test_compute_coverage_per_category_and_thresholds() -> None:
    # a straight street 400 m long along y = 0, in metres via a tiny network
    net = network_from_arrays([88.0, 88.0053], [47.0, 47.0], [0], [1])
    x0, y0 = net.x_m[0], net.y_m[0]
    demand_x = x0 + np.array([0.0, 50.0, 150.0, 300.0])
    demand_y = y0 + np.array([0.0, 0.0, 0.0, 80.0])
    fac_x = x0 + np.array([0.0, 300.0, 200.0])
    fac_y = y0 + np.array([0.0, 0.0, 0.0])
    res = compute_coverage(
        demand_x,
        demand_y,
        fac_x,
        fac_y,
        ["doctor", "books", "play"],
        categories=["doctor", "books", "mediation"],
        facility_open=[True, True, False],
        network=net,
        cutoff_m=1000.0,
    )
    assert res.categories == ("doctor", "books", "mediation")
    np.testing.assert_allclose(res.straight_m[:, 0], [0, 50, 150, math.hypot(300, 80)], atol=0.05)
    # walking: along the street, plus the 80 m access leg for the last house
    np.testing.assert_allclose(res.walk_m[:, 1], [300, 250, 150, 80], atol=0.05)
    assert list(res.covered_walk[:, 1]) == [False, False, False, True]
    assert np.isinf(res.walk_m[:, 2]).all()  # no mediation point: nothing covered
    assert not res.covered_straight[:, 2].any()
    assert list(res.walk_facility[:, 0]) == [0, 0, 0, 0]
    np.testing.assert_allclose(res.walk_s, res.walk_m / 1.0)
    by_time = compute_coverage(
        demand_x,
        demand_y,
        fac_x,
        fac_y,
        ["doctor", "books", "play"],
        network=net,
        max_walk_s=160.0,
        walk_speed_m_s=1.0,
    )
    assert list(by_time.covered_walk[:, by_time.column("books")]) == [False, False, True, True]
    with pytest.raises(InputError):
        by_time.column("nope")


def test_without_a_network_only_straight_lines_are_computed() -> None:
    res = compute_coverage([0.0, 10.0], [0.0, 0.0], [5.0], [0.0], ["doctor"])
    np.testing.assert_allclose(res.straight_m[:, 0], [5, 5])
    assert np.isinf(res.walk_m).all()


def test_bad_coverage_input_is_refused() -> None:
    with pytest.raises(InputError):
        compute_coverage([0.0], [0.0, 1.0], [0.0], [0.0], ["a"])
    with pytest.raises(InputError):
        compute_coverage([np.nan], [0.0], [0.0], [0.0], ["a"])
    with pytest.raises(InputError):
        compute_coverage([0.0], [0.0], [0.0], [0.0], ["a"], radius_m=0)
    with pytest.raises(InputError):
        compute_coverage([0.0], [0.0], [0.0], [0.0], ["a"], categories=["a", "a"])


def test_walk_distances_from_one_point_ranks_targets(oakland: WalkNetwork) -> None:
    targets = np.arange(0, oakland.n_nodes, 17)
    dist = walk_distances_from(oakland, oakland.x_m[0], oakland.y_m[0], oakland.x_m[targets], oakland.y_m[targets])
    full = dijkstra(oakland.adjacency(), indices=0)
    np.testing.assert_allclose(dist, full[targets], atol=1e-6)


def test_coverage_rates_weighted_by_people() -> None:
    covered = np.array([[True, True], [True, False], [False, False], [True, True]])
    rates = coverage_rates(covered, ["doctor", "books"], ["g1", "g1", "g2", "g2"], weight=[1, 3, 2, 2])
    assert list(rates.groups) == ["g1", "g2"]
    np.testing.assert_allclose(rates.total_weight, [4, 4])
    np.testing.assert_allclose(rates.rate, [[1.0, 0.25, 0.25], [0.5, 0.5, 0.5]])
    rec = rates.as_records()
    assert rec[0]["rate_all"] == 0.25
    with pytest.raises(InputError):
        coverage_rates(covered, ["doctor", "books"], ["g1"] * 4, weight=[1, -1, 1, 1])
    empty = coverage_rates(np.zeros((2, 1), bool), ["a"], ["x", "x"], weight=[0, 0])
    assert np.isnan(empty.rate).all()
