"""Benchmark: coverage (straight line + walking, four categories) against networkx, pandana and osmnx.

Run:  .venv/bin/python benchmarks/geo_walk.py [--quick]
Needs the ``bench`` extra (networkx, pandana, osmnx); missing peers are skipped. Results go to
benchmarks/results/geo_walk.json; ``benchmarks/geo_report.py`` writes them into docs/benchmarks.md.

Instances
---------
* real: West-Oakland.osm (tests/data/osm), loaded by the engine and by osmnx;
* grid: a 400 x 400 jittered street grid with 15 % of edges removed (~160k nodes, ~271k edges),
  8,000 service points per category (4 categories) and 200,000 households.

Answers are compared: walking distances to the nearest facility at every node (facilities placed
on nodes, the only placement networkx and pandana support), for one category.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _geo_common import save, timed, versions  # noqa: E402

from baimi.geo import snap  # noqa: E402
from baimi.geo.coverage import compute_coverage, walk_nearest  # noqa: E402
from baimi.geo.network import WalkNetwork, network_from_osm  # noqa: E402
from baimi.geo.snap import snap_points  # noqa: E402
from baimi.geo.synthetic import SERVICE_CATEGORIES, grid_network  # noqa: E402

OSM = Path(__file__).resolve().parents[1] / "tests" / "data" / "osm" / "West-Oakland.osm"
CUTOFF_M = 500.0


def instance(quick: bool) -> tuple[WalkNetwork, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    side = 120 if quick else 400
    n_households = 20_000 if quick else 200_000
    per_cat = 800 if quick else 8_000
    net = grid_network(side, side, spacing_m=50.0, jitter_m=5.0, drop_fraction=0.15, seed=1)
    rng = np.random.default_rng(0)
    hx = rng.uniform(0, net.x_m.max(), n_households)
    hy = rng.uniform(0, net.y_m.max(), n_households)
    fx = rng.uniform(0, net.x_m.max(), per_cat * 4)
    fy = rng.uniform(0, net.y_m.max(), per_cat * 4)
    cat = np.repeat(np.array(SERVICE_CATEGORIES), per_cat)
    return net, hx, hy, fx, fy, cat


def engine_end_to_end(quick: bool) -> dict[str, float]:
    """Snap + straight + walking for all four categories; peak memory of this process."""
    net, hx, hy, fx, fy, cat = instance(quick)

    def run() -> object:
        snap._INDEX.clear()  # each run builds its own snapping index: nothing is reused between runs
        return compute_coverage(hx, hy, fx, fy, cat, network=net, cutoff_m=CUTOFF_M)

    t, res = timed(run, repeat=3)
    return {
        "nodes": net.n_nodes,
        "edges": net.n_edges,
        "households": int(hx.size),
        "facilities_per_category": int(fx.size // 4),
        "engine_s": t,
        "covered_walk_100m": float(res.covered_walk.mean()),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def node_level(net: WalkNetwork, fac_nodes: np.ndarray) -> tuple[float, np.ndarray]:
    """Engine walking distance from every node to the nearest facility node (one category)."""
    nodes = snap_points(net, net.x_m, net.y_m)
    fac = snap_points(net, net.x_m[fac_nodes], net.y_m[fac_nodes])
    t, (dist, _) = timed(lambda: walk_nearest(net, nodes, fac, cutoff_m=CUTOFF_M))
    return t, dist


def bench_networkx(net: WalkNetwork, fac_nodes: np.ndarray, expected: np.ndarray) -> dict[str, float]:
    import networkx as nx

    t0 = time.perf_counter()
    g = nx.Graph()
    g.add_weighted_edges_from(
        zip(net.edge_u.tolist(), net.edge_v.tolist(), net.edge_length_m.tolist(), strict=True), weight="length"
    )
    build = time.perf_counter() - t0
    t, got = timed(
        lambda: nx.multi_source_dijkstra_path_length(g, set(fac_nodes.tolist()), cutoff=CUTOFF_M, weight="length")
    )
    arr = np.full(net.n_nodes, np.inf)
    arr[list(got)] = list(got.values())
    both = np.isfinite(arr) | np.isfinite(expected)
    return {
        "build_s": build,
        "query_s": t,
        "max_abs_diff_m": float(np.max(np.abs(arr[both] - expected[both]))) if both.any() else 0.0,
        "same_reach": bool((np.isfinite(arr) == np.isfinite(expected)).all()),
    }


def bench_pandana(net: WalkNetwork, fac_nodes: np.ndarray, expected: np.ndarray) -> dict[str, float]:
    import pandana
    import pandas as pd

    t0 = time.perf_counter()
    pn = pandana.Network(
        pd.Series(net.x_m), pd.Series(net.y_m), pd.Series(net.edge_u), pd.Series(net.edge_v),
        pd.DataFrame({"length": net.edge_length_m}), twoway=True,
    )  # fmt: skip
    pn.precompute(CUTOFF_M)
    pn.set_pois("doctor", CUTOFF_M, 1, pd.Series(net.x_m[fac_nodes]), pd.Series(net.y_m[fac_nodes]))
    prep = time.perf_counter() - t0
    t, df = timed(lambda: pn.nearest_pois(CUTOFF_M, "doctor", num_pois=1))
    got = df[1].to_numpy(dtype=np.float64, copy=True)
    got[got >= CUTOFF_M] = np.inf  # pandana reports the search radius for "none within it"
    both = np.isfinite(got) & np.isfinite(expected)
    diff = np.abs(got[both] - expected[both])
    return {
        "prepare_s": prep,
        "query_s": t,
        "max_abs_diff_m": float(diff.max()) if diff.size else 0.0,
        "nodes_differing_over_1cm": int((diff > 0.01).sum() + (np.isfinite(got) != np.isfinite(expected)).sum()),
    }


def peer_same_job(quick: bool) -> dict[str, object]:
    """The engine's whole job done the peers' way: the same households, service points and answer.

    networkx has no snapping, so the route is the one the networkx world offers: osmnx
    ``nearest_edges`` (shapely's STRtree) to put every point on its nearest street, shapely for the
    position along it, networkx ``multi_source_dijkstra_path_length`` from the service points (each a
    node joined to its street's two ends, as the engine does), and scipy's k-d tree for straight-line
    distances. The answers are compared with the engine's, point by point.
    """
    import networkx as nx
    import osmnx as ox
    import shapely
    from scipy.spatial import cKDTree

    net, hx, hy, fx, fy, cat = instance(quick)
    engine = compute_coverage(hx, hy, fx, fy, cat, network=net, cutoff_m=CUTOFF_M)
    t0 = time.perf_counter()
    # graph: one street per edge for snapping (both directions would only double osmnx's work)
    street = nx.MultiDiGraph(crs="EPSG:32645")  # a projected CRS: the coordinates are metres
    coords = zip(net.x_m.tolist(), net.y_m.tolist(), strict=True)
    street.add_nodes_from((i, {"x": x, "y": y}) for i, (x, y) in enumerate(coords))
    street.add_edges_from(
        (u, v, 0, {"length": w})
        for u, v, w in zip(net.edge_u.tolist(), net.edge_v.tolist(), net.edge_length_m.tolist(), strict=True)
    )
    walk = nx.Graph()
    walk.add_weighted_edges_from(
        zip(net.edge_u.tolist(), net.edge_v.tolist(), net.edge_length_m.tolist(), strict=True), weight="length"
    )
    lines = ox.convert.graph_to_gdfs(street, nodes=False)["geometry"]
    edge_of = {(u, v): i for i, (u, v, _k) in enumerate(lines.index)}

    def snap_all(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        near, snap_m = ox.distance.nearest_edges(street, x, y, return_dist=True)
        row = np.fromiter((edge_of[(u, v)] for u, v, _k in near), np.int64, len(near))
        along = shapely.line_locate_point(lines.to_numpy()[row], shapely.points(x, y))
        u = np.fromiter((u for u, _v, _k in near), np.int64, len(near))
        v = np.fromiter((v for _u, v, _k in near), np.int64, len(near))
        length = net.edge_length_m[np.fromiter((edge_of[(a, b)] for a, b, _k in near), np.int64, len(near))]
        return u, v, snap_m + along, snap_m + (length - along), snap_m

    h_u, h_v, h_to_u, h_to_v, h_snap = snap_all(hx, hy)
    f_u, f_v, f_to_u, f_to_v, f_snap = snap_all(fx, fy)
    h_edge = [tuple(sorted(p)) for p in zip(h_u.tolist(), h_v.tolist(), strict=True)]
    walk_m = np.full((hx.size, 4), np.inf)
    straight_m = np.full((hx.size, 4), np.inf)
    for j, name in enumerate(engine.categories):
        members = np.flatnonzero(cat == name)
        sources = [-(int(i) + 1) for i in members]  # a node per service point, joined to its street's ends
        walk.add_weighted_edges_from(
            [(s, int(f_u[i]), float(f_to_u[i])) for s, i in zip(sources, members, strict=True)]
            + [(s, int(f_v[i]), float(f_to_v[i])) for s, i in zip(sources, members, strict=True)],
            weight="length",
        )
        reach = nx.multi_source_dijkstra_path_length(walk, set(sources), cutoff=CUTOFF_M, weight="length")
        walk.remove_nodes_from(sources)
        node_m = np.full(net.n_nodes, np.inf)
        found = [n for n in reach if n >= 0]
        node_m[found] = [reach[n] for n in found]
        best = np.minimum(node_m[h_u] + h_to_u, node_m[h_v] + h_to_v)
        # a service point on the household's own street: straight along it
        along_street: dict[tuple[int, int], list[int]] = {}
        for i in members:
            along_street.setdefault(tuple(sorted((int(f_u[i]), int(f_v[i])))), []).append(int(i))
        for k, key in enumerate(h_edge):
            for i in along_street.get(key, ()):
                pos_h = h_to_u[k] - h_snap[k] if h_u[k] == key[0] else h_to_v[k] - h_snap[k]
                pos_f = f_to_u[i] - f_snap[i] if f_u[i] == key[0] else f_to_v[i] - f_snap[i]
                best[k] = min(best[k], h_snap[k] + f_snap[i] + abs(pos_h - pos_f))
        walk_m[:, j] = np.where(best <= CUTOFF_M, best, np.inf)
        straight_m[:, j] = cKDTree(np.column_stack([fx[members], fy[members]])).query(np.column_stack([hx, hy]))[0]
    total = time.perf_counter() - t0
    reached = np.isfinite(walk_m) & np.isfinite(engine.walk_m)
    return {
        "total_s": total,
        "walk_max_abs_diff_m": float(np.abs(walk_m[reached] - engine.walk_m[reached]).max()),
        "walk_points_differing_over_1cm": int((np.abs(walk_m[reached] - engine.walk_m[reached]) > 0.01).sum()
                                               + (np.isfinite(walk_m) != np.isfinite(engine.walk_m)).sum()),
        "straight_max_abs_diff_m": float(np.abs(straight_m - engine.straight_m).max()),
    }  # fmt: skip


def bench_osm_load() -> dict[str, object]:
    t_engine, net = timed(lambda: network_from_osm(OSM))
    out: dict[str, object] = {"engine_load_s": t_engine, "engine_nodes": net.n_nodes, "engine_edges": net.n_edges}
    try:
        import osmnx as ox
    except ImportError:
        return out
    try:
        t_ox, g = timed(lambda: ox.graph_from_xml(OSM, simplify=False, retain_all=True, bidirectional=True))
        out.update(osmnx_load_s=t_ox, osmnx_nodes=g.number_of_nodes(), osmnx_edges=g.to_undirected().number_of_edges())
    except Exception as exc:  # noqa: BLE001 - report the peer's failure, do not crash the benchmark
        out["osmnx_error"] = f"{type(exc).__name__}: {exc}"
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="a 14k-node grid and 20k households")
    ap.add_argument("--skip-pandana", action="store_true")
    ap.add_argument("--_engine-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._engine_only:
        import json

        print(json.dumps(engine_end_to_end(args.quick)))
        return
    import json

    # end to end in a fresh process, so the peak memory is the engine's alone
    cmd = [sys.executable, __file__, "--_engine-only"] + (["--quick"] if args.quick else [])
    e2e = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    print("engine end to end:", e2e)
    net, *_ = instance(args.quick)
    rng = np.random.default_rng(5)
    fac_nodes = rng.choice(net.n_nodes, e2e["facilities_per_category"], replace=False)
    t_engine, expected = node_level(net, fac_nodes)
    results: dict[str, object] = {
        "instance": "quick" if args.quick else "full",
        "cutoff_m": CUTOFF_M,
        "end_to_end": e2e,
        "one_category_node_level": {"engine_query_s": t_engine},
        "versions": versions("numpy", "scipy", "networkx", "pandana", "osmnx", "highspy"),
    }
    try:
        results["networkx"] = bench_networkx(net, fac_nodes, expected)
        print("networkx:", results["networkx"])
    except ImportError:
        pass
    if not args.skip_pandana:
        try:
            results["pandana"] = bench_pandana(net, fac_nodes, expected)
            print("pandana:", results["pandana"])
        except ImportError:
            pass
    try:
        results["peer_same_job"] = peer_same_job(args.quick)
        print("peers, same job:", results["peer_same_job"])
    except ImportError:
        pass
    results["osm_load"] = bench_osm_load()
    print("osm load:", results["osm_load"])
    print("saved", save("geo_walk_quick" if args.quick else "geo_walk", results))


if __name__ == "__main__":
    main()
