"""Importing a community's streets and footpaths from OpenStreetMap (``.osm`` XML) or GeoJSON lines.

The same walkability rule as the circle engine decides what is kept (``baimi.geo.network``):
footways, paths, steps, pedestrian, residential and service streets, tracks — not motorways, not
private ways. A way that leaves a clipped extract (nodes missing) is kept in the pieces that are
there. The file is read and checked whole before anything is written; walkways are keyed by their
OSM id (``osm:way/123``) so importing an updated extract again updates them.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.db import transaction

from baimi.geo.coords import haversine_m, to_wgs84
from baimi.geo.network import DEFAULT_WALK_HIGHWAYS, is_walkable
from baimi.places.importing.errors import ImportRejected, RowError
from baimi.places.models import Division, Level, Walkway

MAX_FROM_COMMUNITY_M = 30_000.0
_TILEZEN_ROAD_KINDS = {"path", "minor_road", "major_road"}  # as the engine; motorways ("highway") are not
_KINDS = {k.value for k in Walkway.Kind}


@dataclass
class _Way:
    ref: str
    kind: str
    name: str
    coords: list[list[float]]
    line: int | None


def _kind(highway: str) -> str:
    """Our walkway kinds are the common OSM highway values; the rest are drawn as paths."""
    return highway if highway in _KINDS else Walkway.Kind.PATH


def _read_osm(path: Path) -> tuple[list[_Way], dict[str, int]]:
    nodes: dict[str, tuple[float, float]] = {}
    ways: list[_Way] = []
    stats = {"ways_read": 0, "ways_walkable": 0, "missing_node_refs": 0}
    try:
        for _, element in ET.iterparse(path, events=("end",)):
            if element.tag == "node":
                nodes[element.get("id", "")] = (float(element.get("lon", "nan")), float(element.get("lat", "nan")))
            elif element.tag == "way":
                stats["ways_read"] += 1
                tags = {t.get("k", ""): t.get("v", "") for t in element.findall("tag")}
                if is_walkable(tags, DEFAULT_WALK_HIGHWAYS):
                    stats["ways_walkable"] += 1
                    refs = [nd.get("ref", "") for nd in element.findall("nd")]
                    for part, run in enumerate(_runs(refs, nodes, stats)):
                        suffix = f":{part}" if part else ""
                        ways.append(_Way(f"osm:way/{element.get('id')}{suffix}", _kind(tags["highway"]),
                                         tags.get("name:zh") or tags.get("name", ""), run, None))
                element.clear()
            elif element.tag == "relation":
                element.clear()
    except ET.ParseError as exc:
        raise ImportRejected([RowError(path.name, exc.position[0], f"not valid OSM XML: {exc}")]) from None
    except ValueError as exc:
        raise ImportRejected([RowError(path.name, None, f"a node has no valid lon/lat: {exc}")]) from None
    return ways, stats


def _runs(refs: list[str], nodes: dict[str, tuple[float, float]], stats: dict[str, int]
          ) -> Iterator[list[list[float]]]:
    run: list[list[float]] = []
    for ref in refs:
        if ref in nodes:
            run.append(list(nodes[ref]))
            continue
        stats["missing_node_refs"] += 1
        if len(run) >= 2:
            yield run
        run = []
    if len(run) >= 2:
        yield run


def _geojson_walkable(props: dict[str, Any]) -> str | None:
    """The walkway kind of a GeoJSON line, or None when it is not walkable. Lines may carry OSM tags
    (``highway``) or the Tilezen vector-tile schema (``kind``/``kind_detail``); plain lines are paths."""
    if props.get("tile_layer") not in (None, "roads"):
        return None
    if "highway" in props:
        tags = {str(k): str(v) for k, v in props.items() if v is not None}
        return _kind(tags["highway"]) if is_walkable(tags, DEFAULT_WALK_HIGHWAYS) else None
    if "kind" in props:
        detail = props.get("kind_detail")
        if props["kind"] not in _TILEZEN_ROAD_KINDS or (detail is not None and detail not in DEFAULT_WALK_HIGHWAYS):
            return None
        return _kind(str(detail or "path"))
    return Walkway.Kind.PATH


def _read_geojson(path: Path) -> tuple[list[_Way], dict[str, int]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected([RowError(path.name, raw[: exc.start].count(b"\n") + 1, "not UTF-8 text")]) from None
    for nul in ("\x00", "\\u0000"):  # PostgreSQL text columns cannot hold NUL, written raw or escaped
        if nul in text:
            raise ImportRejected([RowError(path.name, text[: text.index(nul)].count("\n") + 1, "a NUL character")])
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected([RowError(path.name, exc.lineno, f"not valid JSON: {exc.msg}")]) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("features"), list):
        raise ImportRejected([RowError(path.name, 1, "not a GeoJSON FeatureCollection")])
    ways: list[_Way] = []
    stats = {"features_read": len(doc["features"]), "features_walkable": 0}
    errors: list[RowError] = []
    seen: set[str] = set()
    for i, feature in enumerate(doc["features"], start=1):
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") not in ("LineString", "MultiLineString"):
            continue
        props = feature.get("properties") or {}
        kind = _geojson_walkable(props)
        if kind is None:
            continue
        stats["features_walkable"] += 1
        lines = [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"]
        base = str(props.get("id") or feature.get("id") or f"feature-{i}")
        for part, line in enumerate(lines):
            try:
                coords = [[float(p[0]), float(p[1])] for p in line]
            except (TypeError, ValueError, IndexError):
                errors.append(RowError(path.name, None, f"feature {i}: malformed coordinates"))
                continue
            if len(coords) < 2:
                continue
            ref = f"geojson:{base}" + (f":{part}" if part else "")
            while ref in seen:  # vector tiles repeat a way in every tile it crosses
                ref += "+"
            seen.add(ref)
            ways.append(_Way(ref, kind, str(props.get("name") or ""), coords, None))
    if errors:
        raise ImportRejected(errors)
    return ways, stats


def import_walkways(path: Path | str, *, community_code: str, crs: str = "WGS84") -> dict[str, int]:
    """Import walkable ways into a community; return what was read and kept."""
    path = Path(path)
    community = Division.objects.filter(code=community_code, level=Level.COMMUNITY).first()
    if community is None:
        raise ImportRejected([RowError(path.name, None, f"no community with code {community_code!r}")])
    if not path.is_file():
        raise ImportRejected([RowError(path.name, None, "no such file")])
    suffix = path.suffix.lower()
    if suffix == ".osm":
        ways, stats = _read_osm(path)
    elif suffix in {".geojson", ".json"}:
        ways, stats = _read_geojson(path)
    else:
        raise ImportRejected([RowError(path.name, None, f"unknown file type {suffix!r}: use .osm or .geojson")])
    if not ways:
        raise ImportRejected([RowError(path.name, None, "no walkable ways in the file")])
    try:
        for way in ways:
            lon, lat = to_wgs84(np.array([c[0] for c in way.coords]), np.array([c[1] for c in way.coords]), crs)
            way.coords = [[round(a, 7), round(b, 7)] for a, b in zip(lon.tolist(), lat.tolist(), strict=True)]
    except ValueError as exc:
        raise ImportRejected([RowError(path.name, None, str(exc))]) from None
    if community.lon is not None and community.lat is not None:
        far = [w for w in ways if float(np.min(haversine_m(community.lon, community.lat,
                                                            [c[0] for c in w.coords], [c[1] for c in w.coords])))
               > MAX_FROM_COMMUNITY_M]
        if far:
            raise ImportRejected([RowError(path.name, None, f"{len(far)} ways lie more than 30 km from "
                                           f"{community.name}: wrong coordinate system (--crs) or community?")])
    with transaction.atomic():
        Walkway.objects.bulk_create(
            [Walkway(community=community, ref=w.ref[:64], kind=w.kind, name=w.name[:100], coords=w.coords)
             for w in ways],
            batch_size=2000, update_conflicts=True, unique_fields=["community", "ref"],
            update_fields=["kind", "name", "coords"],
        )
    return {**stats, "walkways": len(ways)}
