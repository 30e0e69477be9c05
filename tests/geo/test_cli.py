"""The coverage and plan commands on files, end to end."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from baimi.geo.cli import main, main_coverage, main_plan
from baimi.geo.coverage import compute_coverage
from baimi.geo.network import WalkNetwork


@pytest.fixture
def files(tmp_path: Path, oakland: WalkNetwork) -> dict[str, Path]:
    rng = np.random.default_rng(0)
    n = 150
    lon = rng.uniform(oakland.lon.min(), oakland.lon.max(), n)
    lat = rng.uniform(oakland.lat.min(), oakland.lat.max(), n)
    demand = tmp_path / "households.csv"
    with demand.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "lon", "lat", "people", "group"])
        for i in range(n):
            w.writerow([f"h{i}", lon[i], lat[i], int(rng.integers(1, 5)), f"g{i % 3}"])
    cats = ["doctor", "books", "play", "mediation"]
    feats = []
    for i in range(12):
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(rng.uniform(lon.min(), lon.max())),
                                                              float(rng.uniform(lat.min(), lat.max()))]},
                "properties": {"id": f"s{i}", "category": cats[i % 4], "open": i != 0},
            }
        )  # fmt: skip
    facilities = tmp_path / "services.geojson"
    facilities.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    groups = tmp_path / "groups.csv"
    groups.write_text(f"id,lon,lat\nA,{lon[0]},{lat[0]}\nB,{lon[1]},{lat[1]}\n")
    return {"demand": demand, "facilities": facilities, "groups": groups}


def test_coverage_command_writes_results_that_match_the_library(
    tmp_path: Path, files: dict[str, Path], oakland_path: Path, oakland: WalkNetwork
) -> None:
    out, summary, spots = tmp_path / "out.geojson", tmp_path / "summary.json", tmp_path / "spots.geojson"
    code = main_coverage([
        "--network", str(oakland_path), "--demand", str(files["demand"]), "--facilities", str(files["facilities"]),
        "--out", str(out), "--summary", str(summary), "--blind-spots", str(spots), "--groups", str(files["groups"]),
        "--no-progress",
    ])  # fmt: skip
    assert code == 0
    data = json.loads(out.read_text())
    assert len(data["features"]) == 150
    props = data["features"][0]["properties"]
    assert {"walk_m_doctor", "covered_walk_books", "straight_m_play", "covered_all", "snap_m"} <= set(props)
    s = json.loads(summary.read_text())
    assert s["measure"] == "walk"
    assert [g["group"] for g in s["groups"]] == ["g0", "g1", "g2"]
    assert s["circles"]["parts"] in (1, 2)
    assert json.loads(spots.read_text())["type"] == "FeatureCollection"
    # same numbers as calling the library directly
    lon = np.array([f["geometry"]["coordinates"][0] for f in data["features"]])
    lat = np.array([f["geometry"]["coordinates"][1] for f in data["features"]])
    x, y = oakland.projection.forward(lon, lat)
    fac = json.loads(files["facilities"].read_text())["features"]
    fx, fy = oakland.projection.forward(
        np.array([f["geometry"]["coordinates"][0] for f in fac]),
        np.array([f["geometry"]["coordinates"][1] for f in fac]),
    )
    res = compute_coverage(
        x, y, fx, fy, [f["properties"]["category"] for f in fac],
        facility_open=[f["properties"]["open"] for f in fac], network=oakland,
    )  # fmt: skip
    got = np.array([f["properties"]["walk_m_books"] if f["properties"]["walk_m_books"] is not None else np.inf
                    for f in data["features"]])  # fmt: skip
    np.testing.assert_allclose(got, res.walk_m[:, res.column("books")], atol=2e-3)


def test_coverage_without_a_network_is_straight_line_and_csv(tmp_path: Path, files: dict[str, Path]) -> None:
    out = tmp_path / "out.csv"
    assert main_coverage(["--demand", str(files["demand"]), "--facilities", str(files["facilities"]),
                          "--out", str(out), "--no-progress"]) == 0  # fmt: skip
    with out.open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 150
    assert "walk_m_doctor" not in rows[0]
    assert "straight_m_doctor" in rows[0]


def test_plan_commands(tmp_path: Path, files: dict[str, Path], oakland_path: Path) -> None:
    report, out = tmp_path / "plan.json", tmp_path / "sites.geojson"
    args = ["--demand", str(files["demand"]), "--facilities", str(files["facilities"]), "--category", "doctor"]
    assert main_plan([*args, "--report", str(report), "--out", str(out), "--no-progress"]) == 0
    r = json.loads(report.read_text())
    assert r["model"] == "LSCP"
    assert r["proven_optimal"]
    assert len(json.loads(out.read_text())["features"]) == len(r["chosen"]) == r["objective"]
    assert r["covered_weight_after"] == pytest.approx(r["total_weight"])
    assert main_plan(["--network", str(oakland_path), "--demand", str(files["demand"]), "--model", "mclp",
                      "--p", "2", "--report", str(report), "--no-progress"]) == 0  # fmt: skip
    r = json.loads(report.read_text())
    assert r["model"] == "MCLP" and r["measure"] == "walk" and len(r["chosen"]) <= 2


def test_bad_input_exits_2_with_a_message(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,x_coord\n1,2\n")
    assert main_coverage(["--demand", str(bad), "--facilities", str(files["facilities"]), "--no-progress"]) == 2
    assert "lon and lat" in capsys.readouterr().err
    assert main_plan(["--demand", str(files["demand"]), "--model", "mclp", "--no-progress"]) == 2
    assert "--p" in capsys.readouterr().err
    dup = tmp_path / "dup.csv"
    dup.write_text("id,lon,lat\n1,88,47\n1,88.1,47\n")
    assert main_plan(["--demand", str(dup), "--no-progress"]) == 2
    assert "duplicate id" in capsys.readouterr().err
    assert main_coverage(["--demand", str(files["demand"]), "--facilities", str(files["facilities"]),
                          "--crs", "UTM", "--no-progress"]) == 2  # fmt: skip
    assert main([]) == 2


def test_module_entry_prints_json_to_stdout(files: dict[str, Path]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "baimi.geo.cli", "plan", "--demand", str(files["demand"]), "--no-progress"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(proc.stdout)["model"] == "LSCP"
