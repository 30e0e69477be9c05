"""Placement of new service points: set cover (LSCP) and maximal cover (MCLP), solved exactly.

Both are integer programmes over a sparse coverage matrix ``A`` (demand × candidate site, ``A[i, j]``
true when site ``j`` would cover demand point ``i``: within ``radius_m`` in a straight line, or along
the walking network). Before solving, the model is reduced without changing its optimum:

1. demand already covered by an existing (fixed) service point needs nothing and is set aside;
2. demand no candidate can cover is dropped and reported (``uncoverable``) instead of making the
   set cover infeasible;
3. demand points with identical coverage sets become one row (their weights summed);
4. candidates whose coverage set is contained in another's (dominated), or that cover nothing, are
   removed (an optimal solution never needs them).

The reduced model goes to HiGHS (``highspy``; ``scipy.optimize.milp`` when highspy is absent) with a
time limit and a relative gap (0 by default, i.e. proven optimal); the status, objective, best bound
and gap are reported, so a run stopped by the time limit says how far from optimal it may be.

* LSCP: minimise the number of new sites so that every coverable demand point is covered.
* MCLP: choose at most ``p`` new sites to maximise the covered weight (people, or what residents
  asked for: help requests, legal orders), with ``y_i <= sum_j A_ij x_j``, ``y`` in [0, 1] continuous
  (integral at any optimum once ``x`` is).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from baimi.geo._errors import InputError, SolverError
from baimi.geo.coverage import _sources_graph
from baimi.geo.network import WalkNetwork
from baimi.geo.snap import Snapped

__all__ = [
    "PlacementResult",
    "coverage_matrix_straight",
    "coverage_matrix_walk",
    "greedy_cover",
    "solve_lscp",
    "solve_mclp",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


def coverage_matrix_straight(
    demand_x_m: ArrayLike, demand_y_m: ArrayLike, site_x_m: ArrayLike, site_y_m: ArrayLike, radius_m: float
) -> sp.csr_matrix:
    """Sparse boolean matrix: site ``j`` within ``radius_m`` (straight line) of demand point ``i``."""
    d = np.column_stack([np.asarray(demand_x_m, np.float64).ravel(), np.asarray(demand_y_m, np.float64).ravel()])
    s = np.column_stack([np.asarray(site_x_m, np.float64).ravel(), np.asarray(site_y_m, np.float64).ravel()])
    if d.shape[0] == 0 or s.shape[0] == 0:
        return sp.csr_matrix((d.shape[0], s.shape[0]), dtype=bool)
    m = cKDTree(d).sparse_distance_matrix(cKDTree(s), radius_m, output_type="coo_matrix")
    # sparse_distance_matrix drops exact zeros; distance 0 pairs are found separately
    rows, cols = m.row, m.col
    zero = cKDTree(s).query_ball_point(d, 0.0)
    zr = np.repeat(np.arange(d.shape[0]), [len(z) for z in zero])
    zc = np.concatenate([np.asarray(z, dtype=np.int64) for z in zero]) if zr.size else np.zeros(0, np.int64)
    rows = np.concatenate([rows, zr])
    cols = np.concatenate([cols, zc])
    a = sp.csr_matrix((np.ones(rows.shape[0], dtype=bool), (rows, cols)), shape=(d.shape[0], s.shape[0]))
    a.sum_duplicates()
    return a


def coverage_matrix_walk(
    net: WalkNetwork, demand: Snapped, sites: Snapped, radius_m: float, *, batch: int = 64
) -> sp.csr_matrix:
    """Sparse boolean matrix: site ``j`` within ``radius_m`` walking of demand point ``i``.

    One Dijkstra per batch of sites, each stopped at ``radius_m``; memory is
    ``batch × nodes`` floats at a time.
    """
    n_d, n_s = demand.edge.shape[0], sites.edge.shape[0]
    rows_all: list[IntArray] = []
    cols_all: list[IntArray] = []
    d_on = np.flatnonzero(demand.edge >= 0)
    de = demand.edge[d_on]
    du, dv = net.edge_u[de], net.edge_v[de]
    order = np.argsort(de, kind="stable")
    de_sorted = de[order]
    s_on = np.flatnonzero(sites.edge >= 0)
    n = net.n_nodes
    for start in range(0, s_on.size, batch):
        chunk = s_on[start : start + batch]
        graph, _ = _sources_graph(net, sites.take(chunk))
        dist = dijkstra(graph, directed=True, indices=np.arange(n, n + chunk.size), limit=radius_m)
        walk = np.minimum(dist[:, du] + demand.to_u_m[d_on], dist[:, dv] + demand.to_v_m[d_on])
        # a site on the demand point's own edge: straight along the edge
        for k, j in enumerate(chunk):
            e = sites.edge[j]
            lo, hi = np.searchsorted(de_sorted, [e, e + 1])
            same = order[lo:hi]
            if same.size:
                direct = (
                    demand.snap_m[d_on[same]]
                    + sites.snap_m[j]
                    + np.abs(demand.t[d_on[same]] - sites.t[j]) * net.edge_length_m[e]
                )
                walk[k, same] = np.minimum(walk[k, same], direct)
        kk, ii = np.nonzero(walk <= radius_m)
        rows_all.append(d_on[ii])
        cols_all.append(chunk[kk])
    rows = np.concatenate(rows_all) if rows_all else np.zeros(0, np.int64)
    cols = np.concatenate(cols_all) if cols_all else np.zeros(0, np.int64)
    return sp.csr_matrix((np.ones(rows.shape[0], dtype=bool), (rows, cols)), shape=(n_d, n_s))


@dataclass(frozen=True)
class PlacementResult:
    """The outcome of a placement run.

    Attributes
    ----------
    model : {"LSCP", "MCLP"}
    chosen : numpy.ndarray of int64
        Indices of the chosen candidate sites (sorted).
    status : str
        ``"optimal"``, ``"time_limit"``, ``"gap_limit"`` (stopped at the requested gap) or
        ``"trivial"`` (nothing to decide), or the solver's word otherwise.
    proven_optimal : bool
        True when the gap is 0 (or nothing needed solving).
    objective : float
        LSCP: number of new sites. MCLP: weight newly covered by the new sites.
    bound : float
        The solver's best bound on the objective.
    gap : float
        Relative gap ``|objective - bound| / |objective|`` (0 when optimal).
    covered : numpy.ndarray of bool
        Each demand point covered by an existing or a chosen site.
    already_covered : numpy.ndarray of int64
        Demand points covered by existing sites before placing anything.
    uncoverable : numpy.ndarray of int64
        Demand points that neither an existing nor any candidate site can cover (dropped).
    total_weight, covered_weight_before, covered_weight_after : float
    build_s, solve_s : float
        Seconds spent building/reducing the model and in the solver.
    stats : dict
        Sizes before and after the reductions.
    """

    model: Literal["LSCP", "MCLP"]
    chosen: IntArray
    status: str
    proven_optimal: bool
    objective: float
    bound: float
    gap: float
    covered: BoolArray
    already_covered: IntArray
    uncoverable: IntArray
    total_weight: float
    covered_weight_before: float
    covered_weight_after: float
    build_s: float
    solve_s: float
    stats: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Reduced:
    a: sp.csc_matrix  # rows: merged demand classes, cols: kept candidates
    weight: FloatArray  # per row
    candidates: IntArray  # original candidate index of each column
    already: BoolArray
    uncoverable: BoolArray
    stats: dict[str, int]


def _reduce(a: sp.csr_matrix, existing: sp.csr_matrix | None, weight: FloatArray) -> _Reduced:
    n_d, n_c = a.shape
    stats = {"demand": n_d, "candidates": n_c}
    already = np.zeros(n_d, dtype=bool)
    if existing is not None and existing.shape[1] > 0:
        already = np.asarray(existing.sum(axis=1)).ravel() > 0
    a = a.tocsr().astype(bool)
    a.eliminate_zeros()
    reach = np.diff(a.indptr) > 0
    uncoverable = ~already & ~reach
    need = np.flatnonzero(~already & reach)
    stats["already_covered"] = int(already.sum())
    stats["uncoverable"] = int(uncoverable.sum())
    sub = a[need]
    sub.sort_indices()
    # identical rows -> one class
    keys: dict[bytes, int] = {}
    cls = np.empty(need.size, dtype=np.int64)
    for r in range(need.size):
        key = sub.indices[sub.indptr[r] : sub.indptr[r + 1]].tobytes()
        cls[r] = keys.setdefault(key, len(keys))
    n_cls = len(keys)
    first = np.full(n_cls, -1, dtype=np.int64)
    for r in range(need.size - 1, -1, -1):
        first[cls[r]] = r
    rows = sub[first] if n_cls else sp.csr_matrix((0, n_c), dtype=bool)
    w = np.bincount(cls, weights=weight[need], minlength=n_cls).astype(np.float64)
    stats["demand_rows"] = n_cls
    # dominated candidates: cover(j) ⊆ cover(k), keeping the lowest index among equals
    dominated = _dominated_columns(rows.tocsc())
    keep = np.flatnonzero(~dominated)
    stats["candidates_kept"] = int(keep.size)
    return _Reduced(rows.tocsc()[:, keep].astype(np.float64), w, keep.astype(np.int64), already, uncoverable, stats)


def _dominated_columns(m: sp.csc_matrix) -> BoolArray:
    """Columns whose row set is contained in another's (lowest index kept among equals), or empty."""
    cols = sp.csc_matrix(m, dtype=np.int64)
    size = np.diff(cols.indptr)
    overlap = (cols.T @ cols).tocoo()
    dominated: BoolArray = size == 0
    sj, sk = size[overlap.row], size[overlap.col]
    contained = (
        (overlap.data == sj) & (overlap.row != overlap.col) & ((sk > sj) | ((sk == sj) & (overlap.col < overlap.row)))
    )
    dominated[overlap.row[contained]] = True
    return dominated


def _set_cover_reductions(m: sp.csr_matrix) -> tuple[sp.csr_matrix, IntArray, IntArray, dict[str, int]]:
    """Classic exact set-cover reductions, repeated until nothing changes.

    Row dominance: a row whose candidate set contains another row's is implied by it. Column
    dominance: a candidate covering a subset of another's rows is never needed. Essential
    candidates: the only candidate of some row must be chosen; its rows are then satisfied.

    Returns the reduced matrix, the original column index of its columns, the forced columns and
    counts.
    """
    cols = np.arange(m.shape[1], dtype=np.int64)
    forced: list[int] = []
    stats = {"rounds": 0, "rows_dominated": 0, "essential": 0}
    m = sp.csr_matrix(m, dtype=np.int64)
    while m.shape[0] and m.shape[1]:
        stats["rounds"] += 1
        changed = False
        # essential candidates
        single = np.flatnonzero(np.diff(m.indptr) == 1)
        if single.size:
            must = np.unique(m.indices[m.indptr[single]])
            forced.extend(cols[must].tolist())
            stats["essential"] += int(must.size)
            hit = np.asarray(m[:, must].sum(axis=1)).ravel() > 0
            keep_c = np.ones(m.shape[1], dtype=bool)
            keep_c[must] = False
            m = m[~hit][:, keep_c]
            cols = cols[keep_c]
            changed = True
        if not m.shape[0]:
            break
        # row dominance: row k implied by row i when set(i) ⊆ set(k)
        size = np.diff(m.indptr)
        overlap = (m @ m.T).tocoo()
        si, sk = size[overlap.row], size[overlap.col]
        implied = (
            (overlap.data == si)
            & (overlap.row != overlap.col)
            & ((sk > si) | ((sk == si) & (overlap.row < overlap.col)))
        )
        drop_r = np.zeros(m.shape[0], dtype=bool)
        drop_r[overlap.col[implied]] = True
        if drop_r.any():
            stats["rows_dominated"] += int(drop_r.sum())
            m = m[~drop_r]
            changed = True
        dom = _dominated_columns(m.tocsc())
        if dom.any():
            m = sp.csr_matrix(m.tocsc()[:, ~dom])
            cols = cols[~dom]
            changed = True
        if not changed:
            break
    return m, cols, np.asarray(sorted(forced), dtype=np.int64), stats


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """HiGHS prints a banner on the process's stdout when created; keep CLI output clean."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    sys.stdout.flush()
    saved = os.dup(fd)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), fd)
            yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)


def _solve_milp(
    cost: FloatArray,
    a: sp.csc_matrix,
    row_lower: FloatArray,
    row_upper: FloatArray,
    col_upper: FloatArray,
    integer: BoolArray,
    *,
    maximise: bool,
    time_limit_s: float,
    mip_rel_gap: float,
    start: FloatArray | None = None,
    presolve: bool = True,
) -> tuple[FloatArray | None, str, float, float, float]:
    """Solve; return (x, status, objective, bound, gap); x is None if time ran out before any solution.

    ``start`` is a feasible solution (the greedy one) handed to HiGHS as its first incumbent: the
    branch and bound then only has to close the gap from above, and where the greedy choice is
    already optimal (common when circles are wide) the root bound proves it at once. ``presolve``
    off skips HiGHS's presolve where our own reductions have done its work and it only costs time.
    """
    try:
        import highspy
    except ImportError:  # pragma: no cover - highspy is a dependency
        return _solve_scipy(cost, a, row_lower, row_upper, col_upper, integer, maximise, time_limit_s, mip_rel_gap)
    with _quiet_stdout():
        h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit_s))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    h.setOptionValue("mip_abs_gap", 1e-9)
    h.setOptionValue("threads", 1)
    h.setOptionValue("presolve", "on" if presolve else "off")
    lp = highspy.HighsLp()
    lp.num_col_ = int(a.shape[1])
    lp.num_row_ = int(a.shape[0])
    lp.col_cost_ = cost
    lp.col_lower_ = np.zeros(a.shape[1])
    lp.col_upper_ = col_upper
    lp.row_lower_ = np.where(np.isinf(row_lower), -highspy.kHighsInf, row_lower)
    lp.row_upper_ = np.where(np.isinf(row_upper), highspy.kHighsInf, row_upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr.astype(np.int32)
    lp.a_matrix_.index_ = a.indices.astype(np.int32)
    lp.a_matrix_.value_ = a.data.astype(np.float64)
    lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous for i in integer]
    lp.sense_ = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
    h.passModel(lp)
    if start is not None:
        incumbent = highspy.HighsSolution()
        incumbent.col_value = np.asarray(start, dtype=np.float64).tolist()
        incumbent.value_valid = True
        h.setSolution(incumbent)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    names = {
        highspy.HighsModelStatus.kOptimal: "optimal",
        highspy.HighsModelStatus.kTimeLimit: "time_limit",
        highspy.HighsModelStatus.kInfeasible: "infeasible",
    }
    name = names.get(status, h.modelStatusToString(status).lower().replace(" ", "_"))
    bound = float(info.mip_dual_bound)
    if info.primal_solution_status < 2:  # stopped before any feasible solution
        if name == "time_limit":
            return None, name, np.nan, bound, np.inf
        raise SolverError(f"HiGHS found no feasible solution (status: {name})")
    x = np.asarray(h.getSolution().col_value, dtype=np.float64)
    return x, name, float(info.objective_function_value), bound, float(info.mip_gap)


def _solve_scipy(
    cost: FloatArray,
    a: sp.csc_matrix,
    row_lower: FloatArray,
    row_upper: FloatArray,
    col_upper: FloatArray,
    integer: BoolArray,
    maximise: bool,
    time_limit_s: float,
    mip_rel_gap: float,
) -> tuple[FloatArray | None, str, float, float, float]:  # pragma: no cover - fallback
    from scipy.optimize import Bounds, LinearConstraint, milp

    sign = -1.0 if maximise else 1.0
    res: Any = milp(
        sign * cost,
        constraints=LinearConstraint(a, row_lower, row_upper),
        integrality=integer.astype(int),
        bounds=Bounds(np.zeros(a.shape[1]), col_upper),
        options={"time_limit": time_limit_s, "mip_rel_gap": mip_rel_gap},
    )
    if res.x is None:
        if res.status == 1:
            return None, "time_limit", np.nan, np.nan, np.inf
        raise SolverError(f"scipy.optimize.milp found no solution: {res.message}")
    status = "optimal" if res.status == 0 else ("time_limit" if res.status == 1 else str(res.message))
    return (
        np.asarray(res.x),
        status,
        sign * float(res.fun),
        sign * float(getattr(res, "mip_dual_bound", res.fun)),
        float(getattr(res, "mip_gap", 0.0)),
    )


def _prepare(
    a: sp.spmatrix | sp.sparray,
    existing: sp.spmatrix | sp.sparray | None,
    weight: ArrayLike | None,
) -> tuple[sp.csr_matrix, sp.csr_matrix | None, FloatArray]:
    a_csr = sp.csr_matrix(a)
    n = a_csr.shape[0]
    w = np.ones(n) if weight is None else np.asarray(weight, dtype=np.float64).ravel()
    if w.shape[0] != n:
        raise InputError("weight must have one value per demand point")
    if not np.isfinite(w).all() or (w < 0).any():
        raise InputError("weights must be finite and non-negative")
    ex = None
    if existing is not None:
        ex = sp.csr_matrix(existing)
        if ex.shape[0] != n:
            raise InputError("the existing-coverage matrix must have one row per demand point")
    return a_csr, ex, w


def _finish(
    model: Literal["LSCP", "MCLP"],
    red: _Reduced,
    a: sp.csr_matrix,
    w: FloatArray,
    chosen: IntArray,
    status: str,
    objective: float,
    bound: float,
    gap: float,
    build_s: float,
    solve_s: float,
) -> PlacementResult:
    covered = red.already.copy()
    if chosen.size:
        covered |= np.asarray(a[:, chosen].sum(axis=1)).ravel() > 0
    return PlacementResult(
        model=model,
        chosen=np.sort(chosen),
        status=status,
        proven_optimal=status in {"optimal", "trivial"} and gap <= 1e-9,
        objective=objective,
        bound=bound,
        gap=gap,
        covered=covered,
        already_covered=np.flatnonzero(red.already),
        uncoverable=np.flatnonzero(red.uncoverable),
        total_weight=float(w.sum()),
        covered_weight_before=float(w[red.already].sum()),
        covered_weight_after=float(w[covered].sum()),
        build_s=build_s,
        solve_s=solve_s,
        stats=red.stats,
    )


def solve_lscp(
    a: sp.spmatrix | sp.sparray,
    *,
    existing: sp.spmatrix | sp.sparray | None = None,
    weight: ArrayLike | None = None,
    time_limit_s: float = 60.0,
    mip_rel_gap: float = 0.0,
) -> PlacementResult:
    """The fewest new sites that cover every coverable demand point (location set covering).

    Parameters
    ----------
    a : sparse matrix, shape (n_demand, n_candidates)
        Coverage by candidate sites (:func:`coverage_matrix_straight` / :func:`coverage_matrix_walk`).
    existing : sparse matrix, shape (n_demand, n_existing), optional
        Coverage by the existing, fixed service points: what they cover needs no new site.
    weight : array-like, optional
        Only used for the reported weights (LSCP covers everyone coverable).
    time_limit_s : float
        Solver time limit; on expiry the best solution found is returned with its gap.
    mip_rel_gap : float
        Stop when proven within this relative gap (0: prove optimality).

    Returns
    -------
    PlacementResult
        Uncoverable demand is listed in ``uncoverable``, not an error.
    """
    t0 = time.perf_counter()
    a_csr, ex, w = _prepare(a, existing, weight)
    red = _reduce(a_csr, ex, w)
    m, m_cols, forced, red_stats = _set_cover_reductions(sp.csr_matrix(red.a))
    red.stats.update(red_stats)
    red.stats["rows_to_solver"], red.stats["candidates_to_solver"] = int(m.shape[0]), int(m.shape[1])
    n_rows, n_cols = m.shape
    forced_sites = red.candidates[forced]
    build_s = time.perf_counter() - t0
    if n_rows == 0:
        obj = float(forced.size)
        return _finish("LSCP", red, a_csr, w, forced_sites, "trivial", obj, obj, 0.0, build_s, 0.0)
    t1 = time.perf_counter()
    start = np.zeros(n_cols)
    start[greedy_cover(m)] = 1.0
    x, status, obj, bound, gap = _solve_milp(
        np.ones(n_cols), m.tocsc().astype(np.float64), np.ones(n_rows), np.full(n_rows, np.inf), np.ones(n_cols),
        np.ones(n_cols, dtype=bool), maximise=False, time_limit_s=time_limit_s, mip_rel_gap=mip_rel_gap,
        start=start,
    )  # fmt: skip
    solve_s = time.perf_counter() - t1
    if x is None:  # out of time before a first solution: fall back to the greedy cover
        x = np.zeros(n_cols)
        x[greedy_cover(m)] = 1.0
        obj = float(x.sum())
    obj += forced.size
    bound += forced.size
    gap = abs(obj - bound) / obj if obj > 0 and np.isfinite(bound) else (0.0 if obj == bound else np.inf)
    chosen = np.concatenate([forced_sites, red.candidates[m_cols[np.flatnonzero(x > 0.5)]]])
    return _finish("LSCP", red, a_csr, w, chosen, status, obj, bound, gap, build_s, solve_s)


def solve_mclp(
    a: sp.spmatrix | sp.sparray,
    p: int,
    *,
    existing: sp.spmatrix | sp.sparray | None = None,
    weight: ArrayLike | None = None,
    time_limit_s: float = 60.0,
    mip_rel_gap: float = 0.0,
) -> PlacementResult:
    """At most ``p`` new sites covering the most weight (maximal covering location).

    Parameters
    ----------
    a : sparse matrix, shape (n_demand, n_candidates)
        Coverage by candidate sites.
    p : int
        Number of new sites allowed (``p >= 0``).
    existing : sparse matrix, optional
        Coverage by existing service points; their demand counts as covered already.
    weight : array-like, optional
        People per demand point, or demand counts (help requests, legal orders); default 1.
    time_limit_s, mip_rel_gap : float
        As for :func:`solve_lscp`.

    Returns
    -------
    PlacementResult
        ``objective`` is the weight newly covered by the chosen sites.
    """
    if int(p) != p or p < 0:
        raise InputError("p must be a non-negative integer")
    t0 = time.perf_counter()
    a_csr, ex, w = _prepare(a, existing, weight)
    red = _reduce(a_csr, ex, w)
    n_rows, n_cols = red.a.shape
    if n_rows == 0 or n_cols == 0 or p == 0:
        build_s = time.perf_counter() - t0
        return _finish("MCLP", red, a_csr, w, np.zeros(0, np.int64), "trivial", 0.0, 0.0, 0.0, build_s, 0.0)
    if p >= n_cols:  # every useful candidate fits: no choice to make
        build_s = time.perf_counter() - t0
        total = float(red.weight.sum())
        return _finish("MCLP", red, a_csr, w, red.candidates, "trivial", total, total, 0.0, build_s, 0.0)
    # variables: x (n_cols, binary) then y (n_rows, continuous in [0, 1])
    # rows: y_i - sum_j A_ij x_j <= 0 ; sum_j x_j <= p
    cov = red.a.tocsc()
    top = sp.hstack([-cov, sp.identity(n_rows, format="csc")], format="csc")
    budget = sp.hstack([sp.csr_matrix(np.ones((1, n_cols))), sp.csr_matrix((1, n_rows))], format="csc")
    model = sp.vstack([top, budget], format="csc")
    cost = np.concatenate([np.zeros(n_cols), red.weight])
    lower = np.full(n_rows + 1, -np.inf)
    upper = np.concatenate([np.zeros(n_rows), [float(p)]])
    integer = np.concatenate([np.ones(n_cols, dtype=bool), np.zeros(n_rows, dtype=bool)])
    build_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    greedy = np.zeros(n_cols)
    greedy[greedy_cover(red.a, p, weight=red.weight)] = 1.0
    start = np.concatenate([greedy, (np.asarray(red.a @ greedy).ravel() > 0).astype(np.float64)])
    x, status, obj, bound, gap = _solve_milp(
        cost, model, lower, upper, np.ones(n_cols + n_rows), integer,
        maximise=True, time_limit_s=time_limit_s, mip_rel_gap=mip_rel_gap, start=start,
        # MCLP's covered-indicator columns make HiGHS's presolve slow (4 s of 4 s on the walking
        # benchmark) while it finds nothing to reduce after _reduce; without it the solve took 0.08 s.
        presolve=False,
    )  # fmt: skip
    solve_s = time.perf_counter() - t1
    if x is None:  # out of time before a first solution: fall back to the greedy choice
        x = np.zeros(n_cols)
        x[greedy_cover(red.a, p, weight=red.weight)] = 1.0
        covered_rows = np.asarray(red.a @ x).ravel() > 0
        obj = float(red.weight[covered_rows].sum())
        gap = abs(bound - obj) / obj if obj > 0 and np.isfinite(bound) else np.inf
    chosen = red.candidates[np.flatnonzero(x[:n_cols] > 0.5)]
    return _finish("MCLP", red, a_csr, w, chosen, status, obj, bound, gap, build_s, solve_s)


def greedy_cover(a: sp.spmatrix | sp.sparray, p: int | None = None, *, weight: ArrayLike | None = None) -> IntArray:
    """Greedy heuristic (not optimal): repeatedly take the site covering the most uncovered weight.

    For comparison in the benchmarks; stops after ``p`` sites, or when everything coverable is
    covered.
    """
    a_csc = sp.csc_matrix(a).astype(np.float64)
    n_d, n_c = a_csc.shape
    w = np.ones(n_d) if weight is None else np.asarray(weight, dtype=np.float64).ravel()
    left = w.copy()
    left[np.asarray(a_csc.sum(axis=1)).ravel() == 0] = 0.0
    chosen: list[int] = []
    while (p is None or len(chosen) < p) and left.sum() > 0:
        gain = a_csc.T @ left
        j = int(np.argmax(gain))
        if gain[j] <= 0:
            break
        chosen.append(j)
        left[a_csc[:, j].indices] = 0.0
    return np.asarray(chosen, dtype=np.int64)
