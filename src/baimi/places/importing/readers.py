"""Reading CSV and GeoJSON files into numbered records, before any validation.

Every record keeps the line it came from, so that every complaint can say "file:line: reason".
For GeoJSON the line is where the feature's object starts in the text.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baimi.places.importing.errors import ImportRejected, RowError

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass
class Record:
    line: int
    fields: dict[str, str]
    lon: float | None = None
    lat: float | None = None
    ring: list[list[float]] | None = None  # a polygon's outer ring, lon/lat pairs
    problems: list[str] = field(default_factory=list)


def read_records(path: Path) -> list[Record]:
    """Read ``path`` (``.csv``, ``.geojson`` or ``.json``) into records; raise on an unreadable file."""
    name = path.name
    if not path.is_file():
        raise ImportRejected([RowError(name, None, "no such file")])
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportRejected([RowError(name, None, f"file larger than {MAX_FILE_BYTES // 2**20} MiB")])
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ImportRejected([RowError(name, line, "not UTF-8 text")]) from None
    suffix = path.suffix.lower()
    # No database text column may hold NUL (PostgreSQL refuses it); no real file has one, raw or, in
    # JSON, escaped.
    for nul in ("\x00", "\\u0000") if suffix in {".geojson", ".json"} else ("\x00",):
        if nul in text:
            raise ImportRejected([RowError(name, text[: text.index(nul)].count("\n") + 1, "a NUL character")])
    if suffix == ".csv":
        return _read_csv(name, text)
    if suffix in {".geojson", ".json"}:
        return _read_geojson(name, text)
    raise ImportRejected([RowError(name, None, f"unknown file type {suffix!r}: use .csv or .geojson")])


def _read_csv(name: str, text: str) -> list[Record]:
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ImportRejected([RowError(name, 1, "empty file: a header row is needed")]) from None
    except csv.Error as exc:
        raise ImportRejected([RowError(name, 1, f"malformed CSV: {exc}")]) from None
    if len(set(header)) != len(header):
        raise ImportRejected([RowError(name, 1, "a column name appears twice in the header")])
    records: list[Record] = []
    errors: list[RowError] = []
    line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(name, reader.line_num, f"malformed CSV: {exc}"))
            break
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            errors.append(RowError(name, start, f"{len(row)} fields, the header has {len(header)}"))
            continue
        fields = {h: v.strip() for h, v in zip(header, row, strict=True)}
        record = Record(start, fields)
        if "lon" in fields or "lat" in fields:
            record.lon, record.lat = _number(fields.get("lon", ""), record), _number(fields.get("lat", ""), record)
        records.append(record)
    if errors:
        raise ImportRejected(errors)
    return records


def _number(value: str, record: Record) -> float | None:
    if value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        record.problems.append(f"{value!r} is not a number")
        return None
    if number != number or number in (float("inf"), float("-inf")):
        record.problems.append(f"{value!r} is not a finite number")
        return None
    return number


def _feature_lines(text: str, count: int) -> list[int] | None:
    """Line numbers where each element of the top-level ``features`` array starts, or None when the
    text cannot be walked that way (then features are numbered instead)."""
    match = re.search(r'"features"\s*:\s*\[', text)
    if match is None:
        return None
    decoder = json.JSONDecoder()
    pos, lines = match.end(), []
    line, counted_to = 1, 0
    for _ in range(count):
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        line += text.count("\n", counted_to, pos)
        counted_to = pos
        lines.append(line)
        try:
            _, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            return None
    return lines


def _read_geojson(name: str, text: str) -> list[Record]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected([RowError(name, exc.lineno, f"not valid JSON: {exc.msg}")]) from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(
        doc.get("features"), list
    ):
        raise ImportRejected([RowError(name, 1, "not a GeoJSON FeatureCollection")])
    features: list[Any] = doc["features"]
    lines = _feature_lines(text, len(features)) or list(range(1, len(features) + 1))
    records = []
    for line, feature in zip(lines, features, strict=True):
        record = Record(line, {})
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            record.problems.append("not a GeoJSON Feature")
            records.append(record)
            continue
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            record.problems.append("properties must be an object")
            props = {}
        record.fields = {str(k).lower(): "" if v is None else str(v).strip() for k, v in props.items()}
        if "id" in feature and "ref" not in record.fields:
            record.fields["ref"] = str(feature["id"])
        _read_geometry(feature.get("geometry"), record)
        records.append(record)
    return records


def _read_geometry(geometry: Any, record: Record) -> None:
    if geometry is None:
        return
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    try:
        if kind == "Point":
            record.lon, record.lat = float(coords[0]), float(coords[1])  # type: ignore[index]
        elif kind == "Polygon":
            ring = [[float(x), float(y)] for x, y, *_ in coords[0]]  # type: ignore[index]
            if len(ring) < 4 or ring[0] != ring[-1]:
                record.problems.append("polygon ring must be closed and have at least 4 positions")
                return
            record.ring = ring
            # The centroid of the ring's vertices stands for the building: at building scale the
            # difference from the area centroid is a metre or two.
            record.lon = sum(p[0] for p in ring[:-1]) / (len(ring) - 1)
            record.lat = sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
        else:
            record.problems.append(f"geometry type {kind!r} not supported here: use Point or Polygon")
    except (TypeError, ValueError, IndexError):
        record.problems.append("malformed coordinates")
