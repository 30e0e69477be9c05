"""Blind spots and circle connectivity against brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baimi.geo import blindspots
from baimi.geo._errors import InputError
from baimi.geo.blindspots import blind_spots, circle_connectivity
from baimi.geo.coords import LocalProjection


def _components(n: int, linked: list[tuple[int, int]]) -> list[set[int]]:
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in linked:
        parent[find(a)] = find(b)
    groups: dict[int, set[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), set()).add(i)
    return list(groups.values())


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(0, 60), link=st.sampled_from([20.0, 50.0, 120.0]))
def test_blind_spots_are_the_single_linkage_clusters(seed: int, n: int, link: float) -> None:
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(0, 600, n), rng.uniform(0, 600, n)
    uncovered = rng.random(n) < 0.6
    w = rng.integers(1, 5, n).astype(float)
    spots = blind_spots(x, y, uncovered, weight=w, link_m=link)
    idx = np.flatnonzero(uncovered)
    linked = [
        (a, b) for a, b in itertools.combinations(range(idx.size), 2)
        if np.hypot(x[idx[a]] - x[idx[b]], y[idx[a]] - y[idx[b]]) <= link
    ]  # fmt: skip
    expected = sorted(sorted(int(idx[i]) for i in c) for c in _components(idx.size, linked))
    assert sorted(s.households.tolist() for s in spots) == expected
    for s in spots:
        assert s.people == pytest.approx(w[s.households].sum())
        # every household of the spot is inside its polygon
        assert s.polygon_m.buffer(1e-6).contains(
            __import__("shapely").MultiPoint(np.column_stack([x[s.households], y[s.households]]))
        )
    assert [s.people for s in spots] == sorted((s.people for s in spots), reverse=True)


def test_blind_spot_polygons_in_wgs84_and_filters() -> None:
    proj = LocalProjection(88.14, 47.85)
    x = np.array([0.0, 10.0, 500.0])
    y = np.array([0.0, 0.0, 0.0])
    spots = blind_spots(x, y, [True, True, True], projection=proj, min_households=2)
    assert len(spots) == 1
    assert spots[0].n_households == 2
    assert spots[0].polygon_wgs84 is not None
    c = spots[0].polygon_wgs84.centroid
    assert c.x == pytest.approx(88.14, abs=1e-3)
    assert spots[0].area_m2 > 0
    assert blind_spots(x, y, [False, False, False]) == []
    with pytest.raises(InputError):
        blind_spots(x, y, [True])


def _brute_connectivity(x: np.ndarray, y: np.ndarray, r: float) -> tuple[list[set[int]], dict[tuple[int, int], float]]:
    n = x.shape[0]
    d = np.hypot(x[:, None] - x, y[:, None] - y)
    comps = _components(n, [(a, b) for a, b in itertools.combinations(range(n), 2) if d[a, b] <= 2 * r])
    gaps = {}
    for i, j in itertools.combinations(range(len(comps)), 2):
        gaps[(i, j)] = min(d[a, b] for a in comps[i] for b in comps[j])
    return comps, gaps


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 30), delaunay=st.booleans())
def test_circle_connectivity_matches_brute_force(seed: int, n: int, delaunay: bool) -> None:
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(0, 1500, n), rng.uniform(0, 1500, n)
    old = blindspots._BRUTE_FORCE_MAX
    blindspots._BRUTE_FORCE_MAX = 0 if delaunay else old
    try:
        res = circle_connectivity(x, y, radius_m=100.0)
    finally:
        blindspots._BRUTE_FORCE_MAX = old
    comps, gaps = _brute_connectivity(x, y, 100.0)
    assert res.n_parts == len(comps)
    assert sorted(sorted(np.flatnonzero(res.part == p).tolist()) for p in range(res.n_parts)) == sorted(
        sorted(c) for c in comps
    )
    if not delaunay:
        assert len(res.gaps) == len(gaps)
        got = sorted(g.distance_m for g in res.gaps)
        np.testing.assert_allclose(got, sorted(gaps.values()), atol=1e-9)
    # the bridges form a spanning tree over the parts with the minimum total length
    assert len(res.bridges) == res.n_parts - 1
    if res.n_parts > 1:
        import scipy.sparse as sp
        from scipy.sparse.csgraph import minimum_spanning_tree

        k = len(comps)
        m = np.zeros((k, k))
        for (i, j), dist in gaps.items():
            m[i, j] = dist + 1.0
        best = minimum_spanning_tree(sp.csr_matrix(m)).sum() - (k - 1)
        assert sum(b.distance_m for b in res.bridges) == pytest.approx(best, abs=1e-6)
        for b in res.bridges:
            assert b.gap_m == pytest.approx(max(0.0, b.distance_m - 200.0))
            assert np.hypot(x[b.group_a] - x[b.group_b], y[b.group_a] - y[b.group_b]) == pytest.approx(b.distance_m)


def test_touching_circles_are_joined() -> None:
    res = circle_connectivity([0.0, 200.0, 450.0], [0.0, 0.0, 0.0], radius_m=100.0)
    assert res.n_parts == 2
    assert res.part.tolist() == [0, 0, 1]
    assert res.bridges[0].gap_m == pytest.approx(50.0)
    assert not res.connected
    assert circle_connectivity([], []).n_parts == 0
    assert circle_connectivity([1.0], [1.0]).connected
