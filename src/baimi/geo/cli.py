"""Command-line entry points: ``coverage`` and ``plan`` on files, without the web application or a database.

The Django side wires ``baimi coverage`` and ``baimi plan`` to :func:`main_coverage` and
:func:`main_plan`; both also run as ``python -m baimi.geo.cli coverage|plan ...``.

Inputs: a walking network (``.osm``, ``.osm.pbf`` or GeoJSON lines; optional: without it only
straight lines are used), demand points (households or buildings: CSV or GeoJSON, with optional
``people`` and ``group`` columns) and service points (with a ``category`` column and optional
``open``). Outputs: per-point results as GeoJSON or CSV, rates and plans as JSON or CSV, blind spots
as GeoJSON. A progress bar on standard error shows long work (``--no-progress`` hides it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

import numpy as np
import shapely

from baimi.geo._errors import GeoError, InputError
from baimi.geo.blindspots import blind_spots, circle_connectivity
from baimi.geo.coords import LocalProjection
from baimi.geo.coverage import (
    DEFAULT_RADIUS_M,
    DEFAULT_WALK_SPEED_M_S,
    CoverageResult,
    compute_coverage,
    coverage_rates,
)
from baimi.geo.io import PointTable, dumps_json, read_points, write_json, write_points
from baimi.geo.network import WalkNetwork, read_network
from baimi.geo.placement import (
    PlacementResult,
    coverage_matrix_straight,
    coverage_matrix_walk,
    solve_lscp,
    solve_mclp,
)
from baimi.geo.snap import snap_points

__all__ = ["main", "main_coverage", "main_plan", "run_coverage", "run_plan"]

T = TypeVar("T")
_TRUE = {"1", "true", "yes", "y", "t", "open", "是"}


def _progress(items: Iterable[T], *, enabled: bool, desc: str, total: int | None = None) -> Iterator[T]:
    if not enabled:
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, desc=desc, total=total, file=sys.stderr, leave=False)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--network", help=".osm, .osm.pbf or .geojson walking network (optional)")
    parser.add_argument("--demand", required=True, help="households/buildings: .csv or .geojson")
    parser.add_argument(
        "--crs", default="WGS84", help="coordinate system of the point files (WGS84, GCJ02, BD09, CGCS2000)"
    )
    parser.add_argument("--radius-m", type=float, default=DEFAULT_RADIUS_M, help="circle radius (default 100)")
    parser.add_argument("--walk-radius-m", type=float, default=None, help="walking threshold (default: radius)")
    parser.add_argument("--max-snap-m", type=float, default=None, help="points farther from the network are off it")
    parser.add_argument(
        "--weight-column", default="people", help="people per demand point (default 'people'; 1 if absent)"
    )
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def _load(
    args: argparse.Namespace,
) -> tuple[WalkNetwork | None, LocalProjection, PointTable, np.ndarray, np.ndarray]:
    demand = read_points(args.demand, crs=args.crs)
    if len(demand) == 0:
        raise InputError(f"{args.demand} has no points")
    network = read_network(args.network) if args.network else None
    proj = network.projection if network is not None else LocalProjection.for_points(demand.lon, demand.lat)
    x, y = proj.forward(demand.lon, demand.lat)
    return network, proj, demand, np.asarray(x), np.asarray(y)


def run_coverage(args: argparse.Namespace) -> dict[str, Any]:
    """Run the ``coverage`` command on parsed arguments; return the summary written to ``--summary``."""
    show = not args.no_progress
    network, proj, demand, dx, dy = _load(args)
    fac = read_points(args.facilities, crs=args.crs)
    fx, fy = proj.forward(fac.lon, fac.lat)
    category = [str(c) for c in fac.column("category", "")]
    if any(c == "" for c in category):
        raise InputError(f"{args.facilities}: every service point needs a 'category'")
    opened = np.array([str(v).strip().lower() in _TRUE if v not in (None, "") else True for v in fac.column("open")])
    cats = tuple(args.categories.split(",")) if args.categories else tuple(sorted(set(category)))
    weight = demand.floats(args.weight_column, 1.0)
    groups = np.array([str(g) if g not in (None, "") else "" for g in demand.column(args.group_column)])
    d_snap = snap_points(network, dx, dy, max_snap_m=args.max_snap_m) if network is not None else None
    parts: list[CoverageResult] = []
    for cat in _progress(cats, enabled=show, desc="coverage", total=len(cats)):
        parts.append(
            compute_coverage(
                dx, dy, fx, fy, category, categories=[cat], facility_open=opened, network=network,
                radius_m=args.radius_m, walk_radius_m=args.walk_radius_m, walk_speed_m_s=args.walk_speed,
                max_walk_s=args.max_walk_s, cutoff_m=args.cutoff_m, max_snap_m=args.max_snap_m,
                demand_snap=d_snap,
            )
        )  # fmt: skip
    columns: dict[str, Any] = {"group": groups, args.weight_column: weight}
    if network is not None:
        columns["snap_m"] = parts[0].demand_snap_m if parts else np.full(len(demand), np.inf)
    for cat, part in zip(cats, parts, strict=True):
        columns[f"straight_m_{cat}"] = np.round(part.straight_m[:, 0], 3)
        columns[f"covered_straight_{cat}"] = part.covered_straight[:, 0]
        if network is not None:
            columns[f"walk_m_{cat}"] = np.round(part.walk_m[:, 0], 3)
            columns[f"walk_s_{cat}"] = np.round(part.walk_s[:, 0], 1)
            columns[f"covered_walk_{cat}"] = part.covered_walk[:, 0]
    mode = "walk" if network is not None else "straight"
    cov = (
        np.column_stack([getattr(p, f"covered_{mode}")[:, 0] for p in parts])
        if parts
        else np.zeros((len(demand), 0), bool)
    )
    columns["covered_all"] = cov.all(axis=1)
    if args.out:
        write_points(args.out, demand.ids, demand.lon, demand.lat, columns)
    rates = coverage_rates(cov, cats, groups, weight=weight)
    overall = coverage_rates(cov, cats, np.zeros(len(demand), dtype=int), weight=weight)
    summary: dict[str, Any] = {
        "measure": mode,
        "radius_m": args.radius_m,
        "demand_points": len(demand),
        "service_points": len(fac),
        "categories": list(cats),
        "overall": {k: v for k, v in overall.as_records()[0].items() if k != "group"},
        "groups": rates.as_records(),
    }
    if network is not None:
        summary["network"] = {"nodes": network.n_nodes, "edges": network.n_edges, **network.stats}
        summary["off_network"] = int(np.isinf(columns["snap_m"]).sum())
    if args.blind_spots:
        spots = blind_spots(dx, dy, ~columns["covered_all"], weight=weight, link_m=args.link_m, projection=proj)
        feats = [
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(s.polygon_wgs84) if s.polygon_wgs84 is not None else None,
                "properties": {"households": s.n_households, "people": s.people, "area_m2": round(s.area_m2, 1)},
            }
            for s in spots
        ]
        write_json(args.blind_spots, {"type": "FeatureCollection", "features": feats})
        summary["blind_spots"] = len(spots)
    if args.groups:
        gt = read_points(args.groups, crs=args.crs)
        gx, gy = proj.forward(gt.lon, gt.lat)
        conn = circle_connectivity(gx, gy, radius_m=args.radius_m)
        summary["circles"] = {
            "parts": conn.n_parts,
            "connected": conn.connected,
            "bridges": [
                {"from": gt.ids[b.group_a], "to": gt.ids[b.group_b], "gap_m": round(b.gap_m, 2)} for b in conn.bridges
            ],
        }
    if args.summary:
        write_json(args.summary, summary)
    return summary


def run_plan(args: argparse.Namespace) -> dict[str, Any]:
    """Run the ``plan`` command on parsed arguments; return the plan written to ``--report``."""
    show = not args.no_progress
    network, proj, demand, dx, dy = _load(args)
    weight = demand.floats(args.weight_column, 1.0)
    if args.candidates:
        cand = read_points(args.candidates, crs=args.crs)
        cx, cy = (np.asarray(v) for v in proj.forward(cand.lon, cand.lat))
        cand_ids = cand.ids
    else:  # a generated grid over the demand's extent
        step = args.grid_m
        gx, gy = np.meshgrid(np.arange(dx.min(), dx.max() + step, step), np.arange(dy.min(), dy.max() + step, step))
        cx, cy = gx.ravel(), gy.ravel()
        cand_ids = [f"grid-{i}" for i in range(cx.size)]
    ex_x = ex_y = np.zeros(0)
    if args.facilities:
        fac = read_points(args.facilities, crs=args.crs)
        keep = [i for i, c in enumerate(fac.column("category", "")) if not args.category or str(c) == args.category]
        ex_x, ex_y = (np.asarray(v)[keep] for v in proj.forward(fac.lon, fac.lat))
    walk_r = args.walk_radius_m if args.walk_radius_m is not None else args.radius_m
    steps = _progress(range(3), enabled=show, desc="plan", total=3)
    next(steps, None)
    if network is not None:
        d_snap = snap_points(network, dx, dy, max_snap_m=args.max_snap_m)
        a = coverage_matrix_walk(network, d_snap, snap_points(network, cx, cy, max_snap_m=args.max_snap_m), walk_r)
        ex = coverage_matrix_walk(network, d_snap, snap_points(network, ex_x, ex_y, max_snap_m=args.max_snap_m), walk_r)
    else:
        a = coverage_matrix_straight(dx, dy, cx, cy, args.radius_m)
        ex = coverage_matrix_straight(dx, dy, ex_x, ex_y, args.radius_m)
    next(steps, None)
    res: PlacementResult
    if args.model == "lscp":
        res = solve_lscp(a, existing=ex, weight=weight, time_limit_s=args.time_limit_s, mip_rel_gap=args.gap)
    else:
        if args.p is None:
            raise InputError("--model mclp needs --p (the number of new points)")
        res = solve_mclp(a, args.p, existing=ex, weight=weight, time_limit_s=args.time_limit_s, mip_rel_gap=args.gap)
    next(steps, None)
    lon, lat = proj.inverse(cx[res.chosen], cy[res.chosen])
    chosen_ids = [cand_ids[i] for i in res.chosen]
    newly = np.asarray(a[:, res.chosen].sum(axis=0)).ravel() if res.chosen.size else np.zeros(0)
    if args.out:
        write_points(args.out, chosen_ids, np.atleast_1d(lon), np.atleast_1d(lat), {"demand_in_reach": newly})
    report = {
        "model": res.model,
        "measure": "walk" if network is not None else "straight",
        "status": res.status,
        "proven_optimal": res.proven_optimal,
        "objective": res.objective,
        "bound": res.bound,
        "gap": res.gap,
        "chosen": chosen_ids,
        "total_weight": res.total_weight,
        "covered_weight_before": res.covered_weight_before,
        "covered_weight_after": res.covered_weight_after,
        "uncoverable": [demand.ids[i] for i in res.uncoverable],
        "build_s": round(res.build_s, 4),
        "solve_s": round(res.solve_s, 4),
        "reductions": res.stats,
    }
    if args.report:
        write_json(args.report, report)
    return report


def _coverage_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="baimi coverage", description="Coverage of demand points by service points.")
    _common(p)
    p.add_argument("--facilities", required=True, help="service points with a 'category' column: .csv or .geojson")
    p.add_argument("--categories", help="comma-separated categories to report (default: all present)")
    p.add_argument("--group-column", default="group", help="residents' group column of the demand file")
    p.add_argument("--walk-speed", type=float, default=DEFAULT_WALK_SPEED_M_S, help="m/s (default 1.0)")
    p.add_argument("--max-walk-s", type=float, default=None, help="cover by walking time instead of distance")
    p.add_argument("--cutoff-m", type=float, default=None, help="report walking distances up to this far")
    p.add_argument("--out", help="per-point results: .geojson or .csv")
    p.add_argument("--summary", help="rates per group and overall: .json")
    p.add_argument("--blind-spots", help="blind-spot polygons (not covered for every category): .geojson")
    p.add_argument("--link-m", type=float, default=50.0, help="blind-spot clustering distance (default 50)")
    p.add_argument("--groups", help="residents' group base points (.csv/.geojson) for circle connectivity")
    return p


def _plan_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="baimi plan", description="Where to put new service points (exact LSCP/MCLP).")
    _common(p)
    p.add_argument("--model", choices=["lscp", "mclp"], default="lscp", help="set cover or maximal cover")
    p.add_argument("--p", type=int, help="number of new points (MCLP)")
    p.add_argument("--candidates", help="candidate sites: .csv or .geojson (default: a grid)")
    p.add_argument("--grid-m", type=float, default=50.0, help="spacing of the generated candidate grid")
    p.add_argument("--facilities", help="existing service points (fixed): .csv or .geojson")
    p.add_argument("--category", help="only existing points of this category count")
    p.add_argument("--time-limit-s", type=float, default=60.0)
    p.add_argument("--gap", type=float, default=0.0, help="relative optimality gap to stop at (default 0)")
    p.add_argument("--out", help="chosen sites: .geojson or .csv")
    p.add_argument("--report", help="the plan with status, objective, bound and gap: .json")
    return p


def _run(parser: argparse.ArgumentParser, runner: Any, argv: Sequence[str] | None) -> int:
    args = parser.parse_args(argv)
    try:
        result = runner(args)
    except (GeoError, OSError) as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    if not (getattr(args, "summary", None) or getattr(args, "report", None) or args.out):
        print(dumps_json(result))
    return 0


def main_coverage(argv: Sequence[str] | None = None) -> int:
    """``baimi coverage``: returns the exit status (0 ok, 2 bad input)."""
    return _run(_coverage_parser(), run_coverage, argv)


def main_plan(argv: Sequence[str] | None = None) -> int:
    """``baimi plan``: returns the exit status (0 ok, 2 bad input)."""
    return _run(_plan_parser(), run_plan, argv)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m baimi.geo.cli coverage|plan ...``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"coverage": main_coverage, "plan": main_plan}
    if not argv or argv[0] not in commands:
        print("usage: python -m baimi.geo.cli {coverage,plan} ...", file=sys.stderr)
        return 2
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
