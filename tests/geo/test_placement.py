"""Set cover and maximal cover: optimal by enumeration on small instances, and the reductions."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from baimi.geo._errors import InputError
from baimi.geo.network import network_from_arrays
from baimi.geo.placement import (
    coverage_matrix_straight,
    coverage_matrix_walk,
    greedy_cover,
    solve_lscp,
    solve_mclp,
)
from baimi.geo.snap import snap_points
from baimi.geo.synthetic import grid_network


def _instance(
    seed: int, n_d: int, n_c: int, n_e: int, density: float
) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = sp.csr_matrix(rng.random((n_d, n_c)) < density)
    ex = sp.csr_matrix(rng.random((n_d, n_e)) < density / 2)
    w = rng.integers(0, 9, n_d).astype(float)
    return a, ex, w


def _covered(a: np.ndarray, ex: np.ndarray, chosen: tuple[int, ...]) -> np.ndarray:
    cov = ex.any(axis=1) if ex.shape[1] else np.zeros(a.shape[0], bool)
    if chosen:
        cov = cov | a[:, list(chosen)].any(axis=1)
    return cov


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    n_d=st.integers(1, 25),
    n_c=st.integers(1, 9),
    n_e=st.integers(0, 3),
    density=st.sampled_from([0.1, 0.25, 0.5]),
)
def test_lscp_is_optimal_by_enumeration(seed: int, n_d: int, n_c: int, n_e: int, density: float) -> None:
    a, ex, w = _instance(seed, n_d, n_c, n_e, density)
    res = solve_lscp(a, existing=ex, weight=w)
    A, E = a.toarray(), ex.toarray()
    coverable = _covered(A, E, tuple(range(n_c)))
    best = None
    for k in range(n_c + 1):
        for combo in itertools.combinations(range(n_c), k):
            if (_covered(A, E, combo) >= coverable).all():
                best = k
                break
        if best is not None:
            break
    assert res.proven_optimal
    assert res.objective == pytest.approx(best)
    assert len(res.chosen) == best
    assert (res.covered == coverable).all()
    assert sorted(res.uncoverable.tolist()) == np.flatnonzero(~coverable).tolist()
    assert res.covered_weight_after == pytest.approx(w[coverable].sum())


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    n_d=st.integers(1, 25),
    n_c=st.integers(1, 8),
    n_e=st.integers(0, 2),
    p=st.integers(0, 4),
    density=st.sampled_from([0.1, 0.25, 0.5]),
)
def test_mclp_is_optimal_by_enumeration(seed: int, n_d: int, n_c: int, n_e: int, p: int, density: float) -> None:
    a, ex, w = _instance(seed, n_d, n_c, n_e, density)
    res = solve_mclp(a, p, existing=ex, weight=w)
    A, E = a.toarray(), ex.toarray()
    base = _covered(A, E, ())
    best = max(
        w[_covered(A, E, combo) & ~base].sum()
        for k in range(min(p, n_c) + 1)
        for combo in itertools.combinations(range(n_c), k)
    )
    assert res.proven_optimal
    assert res.objective == pytest.approx(best)
    assert len(res.chosen) <= p
    # the chosen sites really achieve the objective
    assert w[_covered(A, E, tuple(res.chosen.tolist())) & ~base].sum() == pytest.approx(best)
    assert res.covered_weight_after == pytest.approx(w[base].sum() + best)


def test_reductions_are_reported() -> None:
    a = sp.csr_matrix(
        np.array(
            [
                [1, 1, 0, 0],  # same row twice: one class
                [1, 1, 0, 0],
                [0, 1, 1, 0],
                [0, 0, 0, 0],  # nobody covers it
                [0, 0, 0, 1],  # covered by the existing point
            ],
            dtype=bool,
        )
    )
    existing = sp.csr_matrix(np.array([[0], [0], [0], [0], [1]], dtype=bool))
    res = solve_lscp(a, existing=existing)
    assert res.stats["demand_rows"] == 2
    assert res.stats["candidates_kept"] == 1  # site 1 covers all, 0 and 2 are dominated, 3 useless
    assert res.uncoverable.tolist() == [3]
    assert res.already_covered.tolist() == [4]
    assert res.chosen.tolist() == [1]
    assert res.stats["essential"] == 1  # the reductions alone decide it
    assert res.status == "trivial"
    assert res.proven_optimal


def test_mclp_with_room_for_every_site_and_bad_p() -> None:
    a = sp.csr_matrix(np.eye(3, dtype=bool))
    res = solve_mclp(a, 5, weight=[1, 2, 3])
    assert res.status == "trivial"
    assert res.objective == 6
    assert res.chosen.tolist() == [0, 1, 2]
    with pytest.raises(InputError):
        solve_mclp(a, -1)
    with pytest.raises(InputError):
        solve_mclp(a, 1, weight=[1, 2])
    assert solve_mclp(a, 0).objective == 0


def test_time_limit_reports_status_and_gap() -> None:
    rng = np.random.default_rng(0)
    a = sp.csr_matrix(rng.random((400, 120)) < 0.05)
    res = solve_lscp(a, time_limit_s=1e-3)
    assert res.status in {"optimal", "time_limit"}
    assert res.gap >= 0
    assert res.bound <= res.objective + 1e-9


def test_straight_matrix_matches_brute_force_including_zero_distance() -> None:
    rng = np.random.default_rng(2)
    dx, dy = rng.uniform(0, 300, 80), rng.uniform(0, 300, 80)
    sx, sy = (
        np.concatenate([rng.uniform(0, 300, 20), dx[:3]]),
        np.concatenate([rng.uniform(0, 300, 20), dy[:3]]),
    )
    m = coverage_matrix_straight(dx, dy, sx, sy, 100.0).toarray()
    brute = np.hypot(dx[:, None] - sx, dy[:, None] - sy) <= 100.0
    assert (m == brute).all()


def test_walk_matrix_matches_single_searches() -> None:
    net = grid_network(8, 8, spacing_m=40.0, jitter_m=5.0, drop_fraction=0.2, seed=4)
    rng = np.random.default_rng(5)
    dx, dy = rng.uniform(0, 280, 60), rng.uniform(0, 280, 60)
    sx, sy = rng.uniform(0, 280, 15), rng.uniform(0, 280, 15)
    d, s = snap_points(net, dx, dy), snap_points(net, sx, sy)
    m = coverage_matrix_walk(net, d, s, 120.0, batch=4).toarray()
    from baimi.geo.coverage import walk_nearest

    for j in range(15):
        dist, _ = walk_nearest(net, d, s.take([j]))
        assert (m[:, j] == (dist <= 120.0)).all()


def test_greedy_is_feasible_but_not_better_than_optimal() -> None:
    rng = np.random.default_rng(9)
    a = sp.csr_matrix(rng.random((200, 40)) < 0.08)
    g = greedy_cover(a)
    opt = solve_lscp(a)
    coverable = np.asarray(a.sum(axis=1)).ravel() > 0
    assert (np.asarray(a[:, g].sum(axis=1)).ravel() > 0)[coverable].all()
    assert len(g) >= opt.objective


def test_walk_matrix_on_a_tiny_street() -> None:
    net = network_from_arrays([88.0, 88.0027], [47.0, 47.0], [0], [1])  # ~200 m
    x0 = net.x_m[0]
    d = snap_points(net, [x0, x0 + 150.0], [net.y_m[0]] * 2)
    s = snap_points(net, [x0 + 60.0], [net.y_m[0]])
    m = coverage_matrix_walk(net, d, s, 100.0).toarray()
    assert m[:, 0].tolist() == [True, True]
