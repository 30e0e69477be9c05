"""Coverage and blind spots as files for other tools: GeoJSON for GIS, CSV for spreadsheets.

CSV cells that a spreadsheet would take for a formula (=, +, -, @, tab, CR) are prefixed with an
apostrophe: a building named "=HYPERLINK(...)" must stay text (CSV injection)."""

from __future__ import annotations

import csv
import io
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def coverage_geojson(data: dict[str, Any]) -> dict[str, Any]:
    """One feature per building, its coverage per category flattened into properties."""
    features = []
    for f in data["buildings"]["features"]:
        props = {k: v for k, v in f["properties"].items() if k != "coverage"}
        for code, cell in f["properties"]["coverage"].items():
            props[f"{code}_status"] = cell["status"]
            props[f"{code}_straight_m"] = cell["straight_m"]
            props[f"{code}_walk_m"] = cell["walk_m"]
        features.append({"type": "Feature", "geometry": f["geometry"], "properties": props})
    return {"type": "FeatureCollection", "features": features}


def blind_spots_geojson(data: dict[str, Any]) -> dict[str, Any]:
    features = []
    for code, collection in (data.get("blind_spots") or {}).items():
        for f in collection["features"]:
            features.append({**f, "properties": {"category": code, **f["properties"]}})
    return {"type": "FeatureCollection", "features": features}


def coverage_csv(data: dict[str, Any]) -> str:
    codes = [c["code"] for c in data["categories"]]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["building_id", "building", "group", "households", "lon", "lat",
                     *[f"{c}_{k}" for c in codes for k in ("status", "straight_m", "walk_m")]])
    for f in data["buildings"]["features"]:
        p = f["properties"]
        ring = f["geometry"]["coordinates"][0] if f["geometry"]["type"] == "Polygon" else [f["geometry"]["coordinates"]]
        lon = sum(pt[0] for pt in ring) / len(ring)
        lat = sum(pt[1] for pt in ring) / len(ring)
        cells = []
        for c in codes:
            cell = p["coverage"].get(c, {})
            cells += [cell.get("status", ""), cell.get("straight_m"), cell.get("walk_m")]
        writer.writerow([safe_cell(v) for v in [p["id"], p["name"], p["group"], p["households"], round(lon, 6),
                                                 round(lat, 6), *cells]])
    return out.getvalue()
