"""Walking networks: built from OpenStreetMap (``.osm`` XML, ``.osm.pbf``), GeoJSON lines or plain arrays.

A network is a set of nodes (every vertex of every walkable way, so each edge is one straight
segment and the network keeps the real geometry) and undirected edges weighted by their
great-circle length in metres, stored as a symmetric CSR adjacency (``indptr``, ``indices``,
``weight_m``) that ``scipy.sparse.csgraph`` searches directly.

Walking ignores one-way rules, as pedestrians do. Parallel edges between the same two nodes (the same
way in two overlapping extracts, or two ways sharing a stretch) keep the shorter length; self-loops
are dropped.
"""

from __future__ import annotations

import contextlib
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.spatial import cKDTree

from baimi.geo._errors import InputError, NetworkBuildError, OSMParseError
from baimi.geo.coords import LocalProjection, geodesic_m

__all__ = [
    "DEFAULT_WALK_HIGHWAYS",
    "WalkNetwork",
    "network_from_arrays",
    "network_from_geojson",
    "network_from_osm",
    "read_network",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: ``highway=*`` values a person walks along by default: paths, footways, steps, pedestrian and living
#: streets, residential and service roads, tracks, and ordinary roads (which have pavements or verges
#: in towns). Not motorways, nor roads under construction or proposed.
DEFAULT_WALK_HIGHWAYS: frozenset[str] = frozenset(
    {
        "footway", "path", "steps", "pedestrian", "living_street", "residential", "service", "track",
        "unclassified", "road", "corridor", "bridleway", "cycleway",
        "tertiary", "tertiary_link", "secondary", "secondary_link",
        "primary", "primary_link", "trunk", "trunk_link",
    }
)  # fmt: skip

# Tilezen/Nextzen vector-tile ``kind`` values whose features are roads or paths.
_TILEZEN_ROAD_KINDS = frozenset({"path", "minor_road", "major_road"})


@dataclass(frozen=True, eq=False)
class WalkNetwork:
    """An undirected walking network in a local metric projection.

    Attributes
    ----------
    node_id : numpy.ndarray of int64
        Source id of each node (the OSM node id, or a running number).
    lon, lat : numpy.ndarray of float64
        WGS-84 degrees of each node.
    x_m, y_m : numpy.ndarray of float64
        The same in metres, in ``projection``.
    edge_u, edge_v : numpy.ndarray of int64
        Node indices of each undirected edge, ``edge_u < edge_v``; each edge is one straight segment.
    edge_length_m : numpy.ndarray of float64
        Geodesic (WGS-84 ellipsoid) length of each edge.
    projection : LocalProjection
        The projection of ``x_m``/``y_m``.
    indptr, indices, weight_m : numpy.ndarray
        Symmetric CSR adjacency (each edge in both directions), for ``scipy.sparse.csgraph``.
    stats : dict
        What the reader dropped or merged (``missing_node_refs``, ``ways_used``, ...), so nothing is
        lost silently.
    """

    node_id: IntArray
    lon: FloatArray
    lat: FloatArray
    x_m: FloatArray
    y_m: FloatArray
    edge_u: IntArray
    edge_v: IntArray
    edge_length_m: FloatArray
    projection: LocalProjection
    indptr: NDArray[np.int32]
    indices: NDArray[np.int32]
    weight_m: FloatArray
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(self.node_id.shape[0])

    @property
    def n_edges(self) -> int:
        """Number of undirected edges."""
        return int(self.edge_u.shape[0])

    def adjacency(self, extra_nodes: int = 0) -> sp.csr_matrix:
        """The symmetric adjacency as a scipy CSR matrix (explicit zero lengths are edges)."""
        n = self.n_nodes + extra_nodes
        indptr = self.indptr
        if extra_nodes:
            indptr = np.concatenate([indptr, np.full(extra_nodes, indptr[-1], dtype=indptr.dtype)])
        return sp.csr_matrix((self.weight_m, self.indices, indptr), shape=(n, n))

    def node_index(self, node_ids: ArrayLike) -> IntArray:
        """Indices of nodes given their source ids.

        Raises
        ------
        InputError
            If an id is not a node of the network.
        """
        ids = np.asarray(node_ids, dtype=np.int64)
        order = np.argsort(self.node_id, kind="stable")
        pos = np.searchsorted(self.node_id, ids, sorter=order)
        pos = np.clip(pos, 0, max(self.n_nodes - 1, 0))
        found = order[pos] if self.n_nodes else np.zeros_like(ids)
        if self.n_nodes == 0 or not np.array_equal(self.node_id[found], ids):
            raise InputError("some node ids are not in the network")
        return found.astype(np.int64)


def network_from_arrays(
    lon: ArrayLike,
    lat: ArrayLike,
    edge_u: ArrayLike,
    edge_v: ArrayLike,
    *,
    node_id: ArrayLike | None = None,
    projection: LocalProjection | None = None,
    stats: Mapping[str, int] | None = None,
) -> WalkNetwork:
    """Build a network from node coordinates and straight edges between them.

    Parameters
    ----------
    lon, lat : array-like
        WGS-84 degrees of the nodes.
    edge_u, edge_v : array-like of int
        Indices into ``lon``/``lat`` of each edge's ends; direction, duplicates and order do not
        matter. Nodes on no edge are dropped.
    node_id : array-like of int, optional
        Source ids of the nodes (default: their index).
    projection : LocalProjection, optional
        Default: centred on the nodes' bounding box.
    stats : mapping, optional
        Counts from a reader, kept in ``WalkNetwork.stats``.

    Returns
    -------
    WalkNetwork

    Raises
    ------
    NetworkBuildError
        If there is no edge between two distinct nodes, or the input is not finite.
    """
    lon_a = np.asarray(lon, dtype=np.float64).ravel()
    lat_a = np.asarray(lat, dtype=np.float64).ravel()
    u = np.asarray(edge_u, dtype=np.int64).ravel()
    v = np.asarray(edge_v, dtype=np.int64).ravel()
    ids = np.arange(lon_a.shape[0], dtype=np.int64) if node_id is None else np.asarray(node_id, np.int64)
    if lon_a.shape != lat_a.shape or ids.shape != lon_a.shape or u.shape != v.shape:
        raise NetworkBuildError("node and edge arrays have inconsistent lengths")
    if u.size and (u.min() < 0 or v.min() < 0 or max(u.max(), v.max()) >= lon_a.shape[0]):
        raise NetworkBuildError("an edge refers to a node index out of range")
    if not (np.isfinite(lon_a).all() and np.isfinite(lat_a).all()):
        raise NetworkBuildError("node coordinates must be finite")
    if np.unique(ids).shape != ids.shape:
        raise NetworkBuildError("node ids must be unique")
    info = dict(stats or {})
    keep = u != v
    info["self_loops_dropped"] = info.get("self_loops_dropped", 0) + int((~keep).sum())
    u, v = np.minimum(u[keep], v[keep]), np.maximum(u[keep], v[keep])
    if u.size == 0:
        raise NetworkBuildError("no walkable edge: the network would be empty")
    # keep only nodes on some edge, renumbered in their original order
    used = np.zeros(lon_a.shape[0], dtype=bool)
    used[u] = True
    used[v] = True
    new_index = np.cumsum(used) - 1
    u, v = new_index[u], new_index[v]
    lon_a, lat_a, ids = lon_a[used], lat_a[used], ids[used]
    length_m = geodesic_m(lon_a[u], lat_a[u], lon_a[v], lat_a[v])
    # parallel edges: keep the shortest
    order = np.lexsort((length_m, v, u))
    u, v, length_m = u[order], v[order], length_m[order]
    first = np.ones(u.shape[0], dtype=bool)
    first[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
    info["parallel_edges_merged"] = info.get("parallel_edges_merged", 0) + int((~first).sum())
    u, v, length_m = u[first], v[first], length_m[first]
    proj = projection if projection is not None else LocalProjection.for_points(lon_a, lat_a)
    x_m, y_m = proj.forward(lon_a, lat_a)
    n = lon_a.shape[0]
    rows = np.concatenate([u, v])
    cols = np.concatenate([v, u])
    w = np.concatenate([length_m, length_m])
    order = np.lexsort((cols, rows))
    indptr = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return WalkNetwork(
        node_id=ids,
        lon=lon_a,
        lat=lat_a,
        x_m=np.asarray(x_m, dtype=np.float64),
        y_m=np.asarray(y_m, dtype=np.float64),
        edge_u=u,
        edge_v=v,
        edge_length_m=length_m,
        projection=proj,
        indptr=indptr,
        indices=cols[order].astype(np.int32),
        weight_m=w[order],
        stats=info,
    )


def is_walkable(tags: Mapping[str, str], highways: frozenset[str] = DEFAULT_WALK_HIGHWAYS) -> bool:
    """Whether an OSM way with these tags belongs in the walking network.

    A way is walkable when its ``highway`` is in ``highways``, it is not an area, and walking on it is
    not forbidden (``foot=no``, or ``access=no/private`` without a ``foot`` permission, or a private
    service road).
    """
    if tags.get("highway") not in highways or tags.get("area") == "yes":
        return False
    foot = tags.get("foot")
    if foot == "no":
        return False
    if tags.get("access") in {"no", "private"} and foot not in {"yes", "designated", "permissive"}:
        return False
    return tags.get("service") != "private"


class _EdgeCollector:
    """Accumulates ways as runs of node ids, splitting them where a node is missing."""

    def __init__(self) -> None:
        self.u: list[int] = []
        self.v: list[int] = []
        self.missing_refs = 0
        self.ways_used = 0

    def add_way(self, refs: Sequence[int], known: Mapping[int, Any] | set[int]) -> None:
        self.ways_used += 1
        prev: int | None = None
        for ref in refs:
            if ref not in known:
                # a clipped extract: the way continues outside the file; split it here
                self.missing_refs += 1
                prev = None
                continue
            if prev is not None:
                self.u.append(prev)
                self.v.append(ref)
            prev = ref


def _network_from_osm_ids(
    coords: Mapping[int, tuple[float, float]],
    edges: _EdgeCollector,
    projection: LocalProjection | None,
    stats: dict[str, int],
) -> WalkNetwork:
    if not edges.u:
        raise NetworkBuildError("the file has no walkable way with two known nodes")
    used = np.unique(np.concatenate([np.asarray(edges.u, np.int64), np.asarray(edges.v, np.int64)]))
    lonlat = np.array([coords[int(i)] for i in used], dtype=np.float64).reshape(-1, 2)
    u = np.searchsorted(used, np.asarray(edges.u, np.int64))
    v = np.searchsorted(used, np.asarray(edges.v, np.int64))
    stats.update(missing_node_refs=edges.missing_refs, ways_used=edges.ways_used)
    return network_from_arrays(lonlat[:, 0], lonlat[:, 1], u, v, node_id=used, projection=projection, stats=stats)


def _read_osm_xml(
    path: str | os.PathLike[str], highways: frozenset[str]
) -> tuple[dict[int, tuple[float, float]], list[tuple[list[int], dict[str, str]]]]:
    nodes: dict[int, tuple[float, float]] = {}
    ways: list[tuple[list[int], dict[str, str]]] = []
    try:
        for _event, elem in ET.iterparse(os.fspath(path), events=("end",)):
            tag = elem.tag
            if tag == "node":
                # deleted/redacted nodes carry no coordinates; ways using them get split
                with contextlib.suppress(KeyError, ValueError):
                    nodes[int(elem.attrib["id"])] = (float(elem.attrib["lon"]), float(elem.attrib["lat"]))
                elem.clear()
            elif tag == "way":
                tags = {t.attrib.get("k", ""): t.attrib.get("v", "") for t in elem.iter("tag")}
                if is_walkable(tags, highways):
                    refs = [int(nd.attrib["ref"]) for nd in elem.iter("nd") if "ref" in nd.attrib]
                    ways.append((refs, tags))
                elem.clear()
            elif tag == "relation":
                elem.clear()
    except ET.ParseError as exc:
        raise OSMParseError(f"{os.fspath(path)} is not well-formed OSM XML: {exc}") from exc
    except ValueError as exc:
        raise OSMParseError(f"{os.fspath(path)} has a malformed id or reference: {exc}") from exc
    return nodes, ways


def _read_osm_pbf(
    path: str | os.PathLike[str], highways: frozenset[str]
) -> tuple[dict[int, tuple[float, float]], list[tuple[list[int], dict[str, str]]]]:
    try:
        import osmium
    except ImportError as exc:  # pragma: no cover - osmium is a dependency
        raise OSMParseError("reading .osm.pbf needs the 'osmium' package") from exc
    ways: list[tuple[list[int], dict[str, str]]] = []
    wanted: set[int] = set()
    way: Any
    try:
        for way in osmium.FileProcessor(os.fspath(path), osmium.osm.WAY):
            tags = {t.k: t.v for t in way.tags}
            if is_walkable(tags, highways):
                refs = [n.ref for n in way.nodes]
                ways.append((refs, tags))
                wanted.update(refs)
        nodes: dict[int, tuple[float, float]] = {}
        node: Any
        for node in osmium.FileProcessor(os.fspath(path), osmium.osm.NODE):
            if node.id in wanted and node.location.valid():
                nodes[node.id] = (node.location.lon, node.location.lat)
    except RuntimeError as exc:
        raise OSMParseError(f"{os.fspath(path)} could not be read as OSM PBF: {exc}") from exc
    return nodes, ways


def network_from_osm(
    path: str | os.PathLike[str],
    *,
    highways: Iterable[str] = DEFAULT_WALK_HIGHWAYS,
    projection: LocalProjection | None = None,
) -> WalkNetwork:
    """Read the walking network from an OpenStreetMap file.

    Parameters
    ----------
    path : path-like
        ``.osm`` (XML, read with the standard library) or ``.osm.pbf``/``.pbf`` (read with osmium).
    highways : iterable of str
        ``highway=*`` values to keep (default :data:`DEFAULT_WALK_HIGHWAYS`).
    projection : LocalProjection, optional
        Default: centred on the network.

    Returns
    -------
    WalkNetwork
        ``stats['missing_node_refs']`` counts way references to nodes absent from the file (a clipped
        extract); ways are split there instead of failing.

    Raises
    ------
    OSMParseError
        If the file is not well-formed.
    NetworkBuildError
        If no walkable way remains.
    """
    wanted = frozenset(highways)
    name = os.fspath(path).lower()
    if not Path(path).exists():
        raise OSMParseError(f"no such file: {os.fspath(path)}")
    if name.endswith(".pbf"):
        nodes, ways = _read_osm_pbf(path, wanted)
    else:
        nodes, ways = _read_osm_xml(path, wanted)
    edges = _EdgeCollector()
    for refs, _tags in ways:
        edges.add_way(refs, nodes)
    return _network_from_osm_ids(nodes, edges, projection, {"nodes_in_file": len(nodes)})


def _geojson_feature_is_walkable(props: Mapping[str, Any], highways: frozenset[str]) -> bool:
    layer = props.get("tile_layer")
    if layer is not None and layer != "roads":
        return False
    if "highway" in props:
        return is_walkable({str(k): str(v) for k, v in props.items() if v is not None}, highways)
    if "kind" in props:  # Tilezen/Nextzen vector-tile schema
        if props["kind"] not in _TILEZEN_ROAD_KINDS:
            return False
        detail = props.get("kind_detail")
        return detail is None or detail in highways
    return True  # plain lines with no tags: taken as paths


def _iter_lines(geometry: Mapping[str, Any]) -> Iterator[list[list[float]]]:
    gtype = geometry.get("type")
    coords = geometry.get("coordinates")
    if gtype == "LineString":
        yield coords  # type: ignore[misc]
    elif gtype == "MultiLineString":
        yield from coords  # type: ignore[misc]
    elif gtype == "GeometryCollection":
        for g in geometry.get("geometries", []):
            yield from _iter_lines(g)


def network_from_geojson(
    source: str | os.PathLike[str] | Mapping[str, Any],
    *,
    highways: Iterable[str] = DEFAULT_WALK_HIGHWAYS,
    merge_m: float = 0.05,
    projection: LocalProjection | None = None,
) -> WalkNetwork:
    """Build the walking network from GeoJSON LineStrings/MultiLineStrings (WGS-84).

    Lines join where their vertices coincide (within ``merge_m``). Features with a ``highway``
    property are filtered like OSM ways; features in the Tilezen vector-tile schema (``kind``,
    ``kind_detail``, ``tile_layer``) are filtered by kind; features with neither are all kept.

    Parameters
    ----------
    source : path-like or mapping
        A GeoJSON file or an already-parsed FeatureCollection.
    highways : iterable of str
        Walkable ``highway``/``kind_detail`` values.
    merge_m : float
        Vertices closer than this (metres) are the same node; joins lines that were cut at tile
        edges. Default 5 cm.
    projection : LocalProjection, optional
        Default: centred on the lines.

    Returns
    -------
    WalkNetwork

    Raises
    ------
    InputError
        If the GeoJSON is malformed; ``NetworkBuildError`` if no walkable line remains.
    """
    wanted = frozenset(highways)
    if isinstance(source, Mapping):
        data: Any = source
    else:
        try:
            with open(source, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read GeoJSON {os.fspath(source)}: {exc}") from exc
    features = data.get("features") if isinstance(data, Mapping) else None
    if not isinstance(features, list):
        raise InputError("GeoJSON input must be a FeatureCollection")
    lons: list[float] = []
    lats: list[float] = []
    eu: list[int] = []
    ev: list[int] = []
    lines_used = 0
    for feat in features:
        if not isinstance(feat, Mapping) or not isinstance(feat.get("geometry"), Mapping):
            continue
        if not _geojson_feature_is_walkable(feat.get("properties") or {}, wanted):
            continue
        for line in _iter_lines(feat["geometry"]):
            try:
                pts = [(float(p[0]), float(p[1])) for p in line]
            except (TypeError, ValueError, IndexError) as exc:
                raise InputError(f"malformed line coordinates: {exc}") from exc
            if len(pts) < 2:
                continue
            lines_used += 1
            start = len(lons)
            for lo, la in pts:
                lons.append(lo)
                lats.append(la)
            eu.extend(range(start, start + len(pts) - 1))
            ev.extend(range(start + 1, start + len(pts)))
    if not eu:
        raise NetworkBuildError("the GeoJSON has no walkable line")
    lon_a = np.asarray(lons)
    lat_a = np.asarray(lats)
    if not (np.isfinite(lon_a).all() and np.isfinite(lat_a).all()):
        raise InputError("GeoJSON line coordinates must be finite")
    proj = projection if projection is not None else LocalProjection.for_points(lon_a, lat_a)
    x, y = proj.forward(lon_a, lat_a)
    rep = _merge_close(np.column_stack([x, y]), merge_m)
    uniq, inverse = np.unique(rep, return_inverse=True)
    stats = {"lines_used": lines_used, "vertices_merged": int(lon_a.shape[0] - uniq.shape[0])}
    u = inverse[np.asarray(eu)]
    v = inverse[np.asarray(ev)]
    return network_from_arrays(lon_a[uniq], lat_a[uniq], u, v, projection=proj, stats=stats)


def _merge_close(xy: FloatArray, tol_m: float) -> IntArray:
    """Representative index of each point after merging points within ``tol_m`` (transitively)."""
    n = xy.shape[0]
    if tol_m <= 0:
        _, first, inv = np.unique(xy, axis=0, return_index=True, return_inverse=True)
        return first[inv.ravel()].astype(np.int64)
    pairs = cKDTree(xy).query_pairs(tol_m, output_type="ndarray")
    if pairs.shape[0] == 0:
        return np.arange(n, dtype=np.int64)
    graph = sp.coo_matrix((np.ones(pairs.shape[0]), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, labels = sp.csgraph.connected_components(graph, directed=False)
    # representative = smallest index of each component
    rep = np.full(labels.max() + 1, n, dtype=np.int64)
    np.minimum.at(rep, labels, np.arange(n, dtype=np.int64))
    result: IntArray = rep[labels]
    return result


def read_network(path: str | os.PathLike[str], **kwargs: Any) -> WalkNetwork:
    """Read a network from a file, choosing the reader from its extension.

    ``.osm``/``.xml`` and ``.pbf`` go to :func:`network_from_osm`, ``.geojson``/``.json`` to
    :func:`network_from_geojson`.

    Raises
    ------
    InputError
        For an unknown extension.
    """
    name = os.fspath(path).lower()
    if name.endswith((".osm", ".xml", ".pbf", ".osm.bz2")):
        if name.endswith(".bz2"):
            raise InputError("decompress .osm.bz2 first (bunzip2)")
        return network_from_osm(path, **kwargs)
    if name.endswith((".geojson", ".json")):
        return network_from_geojson(path, **kwargs)
    raise InputError(f"unknown network file type: {os.fspath(path)} (expected .osm, .osm.pbf or .geojson)")
