"""Benchmark: set cover (LSCP) and maximal cover (MCLP), engine vs PySAL spopt (PuLP + CBC).

Run:  .venv/bin/python benchmarks/geo_placement.py [--quick]
Needs the ``bench`` extra (spopt, pulp). Results: benchmarks/results/geo_placement.json.

Instance: a generated town of 2.0 x 2.0 km: 5,000 households in 400 buildings (households
scattered within 20 m of their building, 1-5 people each) and 1,000 candidate sites uniformly at
random; coverage within 100 m in a straight line. MCLP places p = 30 sites and maximises people.
Both tools get the same distances; spopt builds its model from the dense demand x site table (as
its API requires), the engine from the sparse coverage matrix. Objectives must be equal.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _geo_common import save, versions  # noqa: E402

from baimi.geo.placement import coverage_matrix_straight, greedy_cover, solve_lscp, solve_mclp  # noqa: E402

RADIUS_M = 100.0
P = 30


def instance(quick: bool, size_m: float = 2000.0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(42)
    n_build, per = (80, 10) if quick else (400, 12)
    size = 1000.0 if quick else size_m
    bx, by = rng.uniform(0, size, n_build), rng.uniform(0, size, n_build)
    n = n_build * per + (0 if quick else 200)
    owner = np.concatenate([np.repeat(np.arange(n_build), per), rng.integers(0, n_build, n - n_build * per)])
    ang, rad = rng.uniform(0, 2 * np.pi, n), rng.uniform(0, 20, n)
    dx, dy = bx[owner] + rad * np.cos(ang), by[owner] + rad * np.sin(ang)
    n_sites = 200 if quick else 1000
    sx, sy = rng.uniform(0, size, n_sites), rng.uniform(0, size, n_sites)
    people = rng.integers(1, 6, n).astype(float)
    return dx, dy, sx, sy, people


def walk_matrix(dx, dy, sx, sy, radius_m):  # type: ignore[no-untyped-def]
    """Walking coverage on a jittered 50 m street grid laid over the town."""
    from baimi.geo.placement import coverage_matrix_walk
    from baimi.geo.snap import snap_points
    from baimi.geo.synthetic import grid_network

    side = int(max(dx.max(), dy.max()) // 50) + 2
    net = grid_network(side, side, spacing_m=50.0, jitter_m=5.0, drop_fraction=0.15, seed=3)
    return coverage_matrix_walk(net, snap_points(net, dx, dy), snap_points(net, sx, sy), radius_m)


def run_engine(dx, dy, sx, sy, people, walk_m=None, limit_s=600.0):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    a = coverage_matrix_straight(dx, dy, sx, sy, RADIUS_M) if walk_m is None else walk_matrix(dx, dy, sx, sy, walk_m)
    matrix_s = time.perf_counter() - t0
    lscp = solve_lscp(a, weight=people, time_limit_s=limit_s)
    mclp = solve_mclp(a, P, weight=people, time_limit_s=limit_s)
    greedy_l = len(greedy_cover(a))
    g = greedy_cover(a, P, weight=people)
    greedy_m = float(people[np.asarray(a[:, g].sum(axis=1)).ravel() > 0].sum())
    return a, {
        "matrix_s": matrix_s,
        "lscp": {"objective": lscp.objective, "status": lscp.status, "gap": lscp.gap, "build_s": lscp.build_s,
                 "solve_s": lscp.solve_s, "total_s": matrix_s + lscp.build_s + lscp.solve_s,
                 "uncoverable": int(lscp.uncoverable.size), "reductions": lscp.stats, "greedy": greedy_l},
        "mclp": {"objective": mclp.objective, "status": mclp.status, "gap": mclp.gap, "build_s": mclp.build_s,
                 "solve_s": mclp.solve_s, "total_s": matrix_s + mclp.build_s + mclp.solve_s,
                 "reductions": mclp.stats, "greedy": greedy_m},
    }  # fmt: skip


def run_spopt(dx, dy, sx, sy, people, solver_name: str, a=None):  # type: ignore[no-untyped-def]
    import pulp
    from spopt.locate import LSCP, MCLP

    solver = pulp.PULP_CBC_CMD(msg=False) if solver_name == "cbc" else pulp.HiGHS(msg=False)
    # walking: the same coverage matrix, as a cost table spopt can read (0 within reach, far otherwise)
    cost = np.hypot(dx[:, None] - sx, dy[:, None] - sy) if a is None else np.where(a.toarray(), 0.0, 1e9)
    # spopt reports the whole set cover infeasible if one household is out of reach: drop those first
    reach = (cost <= RADIUS_M).any(axis=1)
    out: dict[str, object] = {"dropped_uncoverable": int((~reach).sum())}
    t0 = time.perf_counter()
    lscp = LSCP.from_cost_matrix(cost[reach], RADIUS_M)
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    lscp.solve(solver)
    solve = time.perf_counter() - t1
    out["lscp"] = {"objective": float(pulp.value(lscp.problem.objective)), "build_s": build, "solve_s": solve,
                   "total_s": build + solve}  # fmt: skip
    t0 = time.perf_counter()
    mclp = MCLP.from_cost_matrix(cost, people, RADIUS_M, p_facilities=P)
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    mclp.solve(solver)
    solve = time.perf_counter() - t1
    out["mclp"] = {"objective": float(pulp.value(mclp.problem.objective)), "build_s": build, "solve_s": solve,
                   "total_s": build + solve}  # fmt: skip
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--solvers", default="cbc", help="spopt solvers to compare: cbc,highs")
    ap.add_argument("--size-m", type=float, default=2000.0, help="side of the town (smaller is denser, harder)")
    ap.add_argument("--walk-m", type=float, default=None, help="walking coverage within this distance")
    ap.add_argument("--time-limit-s", type=float, default=600.0)
    ap.add_argument("--name", default=None, help="results file name")
    args = ap.parse_args()
    inst = instance(args.quick, args.size_m)
    print(f"{inst[0].size} households x {inst[2].size} sites")
    results: dict[str, object] = {"instance": "quick" if args.quick else "full", "radius_m": RADIUS_M, "p": P,
                                  "households": int(inst[0].size), "sites": int(inst[2].size),
                                  "versions": versions("highspy", "scipy", "spopt", "pulp")}  # fmt: skip
    results["size_m"] = args.size_m
    results["walk_m"] = args.walk_m
    a, results["engine"] = run_engine(*inst, walk_m=args.walk_m, limit_s=args.time_limit_s)
    print("engine:", results["engine"])
    for s in args.solvers.split(","):
        try:
            results[f"spopt_{s}"] = run_spopt(*inst, s, a=a if args.walk_m else None)
            print(f"spopt {s}:", results[f"spopt_{s}"])
        except ImportError:
            break
    save(args.name or ("geo_placement_quick" if args.quick else "geo_placement"), results)


if __name__ == "__main__":
    main()
