# ruff: noqa: E501  (long Markdown table rows read better unbroken)
"""Write the circle engine's benchmark results into docs/benchmarks.md.

Run after geo_walk.py and geo_placement.py:  .venv/bin/python benchmarks/geo_report.py
Only the section under the heading ``## Circle engine (baimi.geo)`` is replaced; the rest of the
file (other sections) is kept as it is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
HEADING = "## Circle engine (baimi.geo)"


def _load(name: str) -> dict[str, Any] | None:
    path = ROOT / "benchmarks" / "results" / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _s(v: float) -> str:
    return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.2f} s"


def _walk(w: dict[str, Any]) -> list[str]:
    e = w["end_to_end"]
    lines = [
        f"### Coverage: four categories, straight line and walking ({w['instance']} instance)",
        "",
        f"Command: `.venv/bin/python benchmarks/geo_walk.py` · machine: {w['machine']} · {w['date']}, commit "
        f"`{w.get('commit', '?')}` · versions: " + ", ".join(f"{k} {v}" for k, v in w["versions"].items()),
        "",
        f"Instance: a jittered street grid of {e['nodes']:,} nodes and {e['edges']:,} edges (15 % of edges removed), "
        f"{e['households']:,} households, {e['facilities_per_category']:,} service points in each of 4 categories, "
        f"walking search cutoff {w['cutoff_m']:.0f} m. Medians of 3 runs.",
        "",
        "| what | time | notes |",
        "| --- | --- | --- |",
        f"| engine, end to end: snap 200k households and 32k service points, straight-line and walking distance "
        f"for all 4 categories | **{_s(e['engine_s'])}** | peak memory {e['peak_rss_mb']:.0f} MB (whole process) |",
        f"| engine, walking search only, one category (every node as demand) | {_s(w['one_category_node_level']['engine_query_s'])} | "
        "one `csgraph.dijkstra` pass |",
    ]
    nx = w.get("networkx")
    if nx:
        lines.append(
            f"| networkx `multi_source_dijkstra_path_length` (cutoff), one category | {_s(nx['query_s'])} | graph build "
            f"{_s(nx['build_s'])}; distances equal the engine's (max difference {nx['max_abs_diff_m']:.1e} m, same "
            f"nodes reached: {nx['same_reach']}) |"
        )
        route = nx["build_s"] + 4 * nx["query_s"]
        lines.append(
            f"| networkx route for 4 categories (graph build + 4 searches, no snapping, no straight line) | "
            f"{_s(route)} | engine end to end is {route / e['engine_s']:.1f}× faster; per search "
            f"{nx['query_s'] / w['one_category_node_level']['engine_query_s']:.0f}× |"
        )
    pd = w.get("pandana")
    if pd:
        lines.append(
            f"| pandana `nearest_pois`, one category | {_s(pd['query_s'])} after {_s(pd['prepare_s'])} preparation | "
            f"max difference {pd['max_abs_diff_m']:.3f} m (pandana works in float32), {pd['nodes_differing_over_1cm']} "
            "nodes differ by more than 1 cm |"
        )
    o = w.get("osm_load", {})
    if o:
        ox = (
            f"osmnx `graph_from_xml` {_s(o['osmnx_load_s'])} ({o['osmnx_nodes']} nodes, {o['osmnx_edges']} edges: "
            "every node and highway, no walking filter)"
            if "osmnx_load_s" in o
            else f"osmnx failed: {o.get('osmnx_error', 'not installed')}"
        )
        lines.append(
            f"| load West-Oakland.osm (120 KB) | engine {_s(o['engine_load_s'])} ({o['engine_nodes']} nodes, "
            f"{o['engine_edges']} walkable edges) | {ox} |"
        )
    same = w.get("peer_same_job")
    if same:
        lines.append(
            f"| the same job the peers' way: osmnx `nearest_edges` + shapely to snap, networkx searches from the "
            f"service points, scipy k-d tree for straight lines | {_s(same['total_s'])} (one run) | engine is "
            f"{same['total_s'] / e['engine_s']:.1f}× faster; answers equal the engine's (walking max difference "
            f"{same['walk_max_abs_diff_m']:.0e} m, {same['walk_points_differing_over_1cm']} of 800,000 differ by over 1 cm; "
            f"straight line {same['straight_max_abs_diff_m']:.0e} m) |"
        )
    if nx and pd:
        route = nx["build_s"] + 4 * nx["query_s"]
        pandana_route = pd["prepare_s"] + 4 * pd["query_s"]
        same_ratio = same["total_s"] / e["engine_s"] if same else None
        ratio_text = (
            f"{same_ratio:.1f}× faster than the networkx route doing the same job "
            f"({'meets' if same_ratio >= 10 else '**misses**'} the 10× target), "
            if same_ratio is not None
            else ""
        )
        lines += [
            "",
            "Against the issue's targets: all four categories end to end in "
            f"{_s(e['engine_s'])} ({'within' if e['engine_s'] <= 5 else 'over'} the 5 s target); {ratio_text}"
            f"and {route / e['engine_s']:.1f}× faster even against networkx's graph build and four searches alone "
            "(no snapping, no straight line: the part of the job networkx can do by itself); per search the engine is "
            f"{nx['query_s'] / w['one_category_node_level']['engine_query_s']:.0f}× faster; "
            f"{pandana_route / e['engine_s']:.0f}× faster than pandana including its preparation; peak memory "
            f"{e['peak_rss_mb']:.0f} MB (target < 2 GB).",
        ]
    return lines


def _flags(p: dict[str, Any]) -> str:
    flags = ""
    if p.get("size_m", 2000.0) != 2000.0:
        flags += f" --size-m {p['size_m']:.0f}"
    if p.get("walk_m"):
        flags += f" --walk-m {p['walk_m']:.0f}"
    return flags


def _placement(p: dict[str, Any]) -> list[str]:
    e = p["engine"]
    lines = [
        "",
        f"### Placement: {p['households']:,} households × {p['sites']:,} candidate sites, "
        + (f"{p['walk_m']:.0f} m walking" if p.get("walk_m") else f"{p['radius_m']:.0f} m straight line")
        + f", {p.get('size_m', 2000) / 1000:.1f} km town",
        "",
        f"Command: `.venv/bin/python benchmarks/geo_placement.py{_flags(p)}` · machine: {p['machine']} · {p['date']}, commit "
        f"`{p.get('commit', '?')}` · versions: " + ", ".join(f"{k} {v}" for k, v in p["versions"].items()),
        "",
        f"Instance: a generated {p.get('size_m', 2000) / 1000:.1f} × {p.get('size_m', 2000) / 1000:.1f} km town, households in 400 buildings, 1–5 people each; "
        + (
            "walking on a jittered 50 m street grid (15 % of edges removed); spopt gets the same coverage as a 0/far cost table; "
            if p.get("walk_m")
            else ""
        )
        + "MCLP places "
        f"p = {p['p']} sites maximising people. Engine: sparse model, reductions, HiGHS (gap 0). "
        "spopt: `LSCP/MCLP.from_cost_matrix` on the dense table, solved by PuLP.",
        "",
        "| model | engine (matrix + build + solve) | objective | spopt build | spopt solve | spopt objective | speed-up |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for model in ("lscp", "mclp"):
        em = e[model]
        for key in [k for k in p if k.startswith("spopt_")]:
            sm = p[key][model]
            lines.append(
                f"| {model.upper()} vs {key.replace('_', ' + ').upper()} | {_s(em['total_s'])} ({em['status']}, gap "
                f"{em['gap']:.1g}) | {em['objective']:,.0f} | {_s(sm['build_s'])} | {_s(sm['solve_s'])} | "
                f"{sm['objective']:,.0f} | {sm['total_s'] / em['total_s']:.0f}× |"
            )
    lines += [
        "",
        f"Reductions (LSCP): {e['lscp']['reductions']}. Greedy for comparison: LSCP {e['lscp']['greedy']} sites, "
        f"MCLP {e['mclp']['greedy']:,.0f} people.",
    ]
    return lines


def main() -> None:
    body = [HEADING, "", "Produced by `benchmarks/geo_walk.py` and `benchmarks/geo_placement.py`, written here by "
            "`benchmarks/geo_report.py`; raw numbers in `benchmarks/results/*.json`. Times are wall clock, "
            "single runs of the peers after warm-up unless stated. The machine is shared with other sessions' test "
            "runs (load average ~4 on 2 cores while these ran), so absolute times are inflated and vary by ~1.5×; "
            "the ratios, measured in the same run, are the figures to read.", ""]  # fmt: skip
    w = _load("geo_walk") or _load("geo_walk_quick")
    if w:
        body += _walk(w)
    for name in ("geo_placement", "geo_placement_dense", "geo_placement_walk"):
        p = _load(name)
        if p:
            body += _placement(p)
    if not _load("geo_placement") and _load("geo_placement_quick"):
        body += _placement(_load("geo_placement_quick"))  # type: ignore[arg-type]
    section = "\n".join(body) + "\n"
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n\n"
    pattern = re.compile(re.escape(HEADING) + r".*?(?=^## |\Z)", re.S | re.M)
    text = (
        pattern.sub(lambda _m: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    )
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text)
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
