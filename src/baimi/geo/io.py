"""Reading and writing point tables (CSV, GeoJSON) for the command line and batch jobs.

A point table is a list of features with an id, WGS-84 coordinates and properties. CSV files need
``lon``/``lat`` columns (``lng``/``longitude``/``x`` and ``latitude``/``y`` are accepted); GeoJSON
files may hold Points, or Polygons/MultiPolygons (buildings), which are reduced to a point inside
them. Coordinates in GCJ-02 or BD-09 are converted to WGS-84 on reading.
"""

from __future__ import annotations

import csv
import json
import math
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray

from baimi.geo._errors import InputError
from baimi.geo.coords import to_wgs84

__all__ = ["PointTable", "dumps_json", "read_points", "write_json", "write_points"]

_LON = ("lon", "lng", "longitude", "x")
_LAT = ("lat", "latitude", "y")


@dataclass(frozen=True)
class PointTable:
    """Points with ids and properties, in WGS-84.

    Attributes
    ----------
    ids : list of str
        Unique ids (the ``id`` column/property, else the row number).
    lon, lat : numpy.ndarray
        WGS-84 degrees.
    props : list of dict
        Every other column/property, as read.
    """

    ids: list[str]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    props: list[dict[str, Any]]

    def __len__(self) -> int:
        return len(self.ids)

    def column(self, name: str, default: Any = None) -> list[Any]:
        """One property for every point (``default`` where missing)."""
        return [p.get(name, default) for p in self.props]

    def floats(self, name: str, default: float) -> NDArray[np.float64]:
        """A numeric property as floats.

        Raises
        ------
        InputError
            If a value is not a number.
        """
        out = np.empty(len(self.ids))
        for i, p in enumerate(self.props):
            v = p.get(name)
            try:
                out[i] = default if v is None or v == "" else float(v)
            except (TypeError, ValueError):
                raise InputError(f"{name!r} of point {self.ids[i]!r} is not a number: {v!r}") from None
        return out


def _pick(row: Mapping[str, Any], names: Sequence[str]) -> str | None:
    lower = {k.lower().strip(): k for k in row}
    for n in names:
        if n in lower:
            return lower[n]
    return None


def _read_csv(path: str | os.PathLike[str]) -> tuple[list[str], list[float], list[float], list[dict[str, Any]]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None:
            raise InputError(f"{os.fspath(path)} is empty")
        header = {k: k for k in reader.fieldnames}
        lon_key, lat_key = _pick(header, _LON), _pick(header, _LAT)
        if lon_key is None or lat_key is None:
            raise InputError(f"{os.fspath(path)} needs lon and lat columns (has {list(reader.fieldnames)})")
        id_key = _pick(header, ("id",))
        ids, lons, lats, props = [], [], [], []
        for n, row in enumerate(reader):
            try:
                lons.append(float(row[lon_key]))
                lats.append(float(row[lat_key]))
            except (TypeError, ValueError):
                raise InputError(f"{os.fspath(path)} row {n + 2}: lon/lat are not numbers") from None
            ids.append(str(row[id_key]) if id_key else str(n))
            props.append({k: v for k, v in row.items() if k not in (lon_key, lat_key, id_key)})
    return ids, lons, lats, props


def _read_geojson(
    path: str | os.PathLike[str],
) -> tuple[list[str], list[float], list[float], list[dict[str, Any]]]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read GeoJSON {os.fspath(path)}: {exc}") from exc
    feats = data.get("features") if isinstance(data, dict) else None
    if not isinstance(feats, list):
        raise InputError(f"{os.fspath(path)} is not a GeoJSON FeatureCollection")
    ids, lons, lats, props = [], [], [], []
    for n, feat in enumerate(feats):
        geom = feat.get("geometry") if isinstance(feat, dict) else None
        if not geom:
            continue
        try:
            shape = shapely.geometry.shape(geom)
        except (ValueError, TypeError, AttributeError, shapely.errors.GEOSException) as exc:
            raise InputError(f"{os.fspath(path)} feature {n}: bad geometry: {exc}") from exc
        if shape.is_empty or shape.geom_type not in {"Point", "Polygon", "MultiPolygon", "MultiPoint"}:
            continue
        pt = shape if shape.geom_type == "Point" else shape.representative_point()
        p = dict(feat.get("properties") or {})
        fid = p.pop("id", feat.get("id", n))
        ids.append(str(fid))
        lons.append(float(pt.x))
        lats.append(float(pt.y))
        props.append(p)
    return ids, lons, lats, props


def read_points(path: str | os.PathLike[str], *, crs: str = "WGS84", unique_ids: bool = True) -> PointTable:
    """Read a CSV or GeoJSON point table and convert it to WGS-84.

    Parameters
    ----------
    path : path-like
        ``.csv``, or ``.geojson``/``.json``.
    crs : str
        Coordinate system of the file (``WGS84``, ``CGCS2000``, ``GCJ02``, ``BD09``).
    unique_ids : bool
        Refuse duplicate ids (default), since results are keyed by id.

    Raises
    ------
    InputError
        On a missing file, unknown type, missing columns, non-numbers, non-finite or out-of-range
        coordinates, or duplicate ids.
    """
    name = os.fspath(path).lower()
    if not os.path.exists(path):
        raise InputError(f"no such file: {os.fspath(path)}")
    if name.endswith(".csv"):
        ids, lons, lats, props = _read_csv(path)
    elif name.endswith((".geojson", ".json")):
        ids, lons, lats, props = _read_geojson(path)
    else:
        raise InputError(f"unknown point file type: {os.fspath(path)} (expected .csv or .geojson)")
    lon = np.asarray(lons, dtype=np.float64)
    lat = np.asarray(lats, dtype=np.float64)
    bad = ~np.isfinite(lon) | ~np.isfinite(lat) | (np.abs(lon) > 180) | (np.abs(lat) > 90)
    if bad.any():
        raise InputError(f"{os.fspath(path)}: point {ids[int(np.argmax(bad))]!r} has invalid coordinates")
    if unique_ids and len(set(ids)) != len(ids):
        dup = next(i for i, count in Counter(ids).items() if count > 1)
        raise InputError(f"{os.fspath(path)}: duplicate id {dup!r}")
    w_lon, w_lat = to_wgs84(lon, lat, crs)
    return PointTable(ids, w_lon, w_lat, props)


def _clean(value: Any) -> Any:
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return None if not math.isfinite(f) else f
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def write_points(
    path: str | os.PathLike[str],
    ids: Sequence[str],
    lon: NDArray[np.float64],
    lat: NDArray[np.float64],
    columns: Mapping[str, Sequence[Any] | NDArray[Any]],
) -> None:
    """Write points with columns as GeoJSON (``.geojson``/``.json``) or CSV (``.csv``).

    Infinite and NaN numbers become ``null`` in GeoJSON and empty cells in CSV.
    """
    name = os.fspath(path).lower()
    keys = list(columns)
    if name.endswith(".csv"):
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "lon", "lat", *keys])
            for i, pid in enumerate(ids):
                row = [_clean(columns[k][i]) for k in keys]
                w.writerow([pid, f"{lon[i]:.8f}", f"{lat[i]:.8f}", *["" if v is None else v for v in row]])
    elif name.endswith((".geojson", ".json")):
        feats = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(float(lon[i]), 8), round(float(lat[i]), 8)]},
                "properties": {"id": pid, **{k: _clean(columns[k][i]) for k in keys}},
            }
            for i, pid in enumerate(ids)
        ]
        write_json(path, {"type": "FeatureCollection", "features": feats})
    else:
        raise InputError(f"unknown output type: {os.fspath(path)} (expected .csv or .geojson)")


def _deep_clean(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {str(k): _deep_clean(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_deep_clean(v) for v in data]
    if isinstance(data, np.ndarray):
        return [_deep_clean(v) for v in data.tolist()]
    return _clean(data)


def dumps_json(data: Any) -> str:
    """JSON text with NaN/inf as ``null`` and numpy scalars as plain numbers (UTF-8, Chinese kept)."""
    return json.dumps(_deep_clean(data), ensure_ascii=False, allow_nan=False)


def write_json(path: str | os.PathLike[str], data: Any) -> None:
    """Write :func:`dumps_json` text to a file."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(dumps_json(data))
        fh.write("\n")
