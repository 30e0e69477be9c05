"""Tests of the walking-network readers on real OSM data and on malformed input."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from pyproj import Geod

from baimi.geo._errors import InputError, NetworkBuildError, OSMParseError
from baimi.geo.coords import haversine_m
from baimi.geo.network import (
    DEFAULT_WALK_HIGHWAYS,
    WalkNetwork,
    network_from_arrays,
    network_from_geojson,
    network_from_osm,
    read_network,
)


def _walkable_pairs_by_hand(path: Path) -> set[tuple[int, int]]:
    """Consecutive node pairs of walkable ways, read independently of the engine's reader."""
    root = ET.parse(path).getroot()
    node_ids = {int(n.get("id", "0")) for n in root.iter("node")}
    pairs: set[tuple[int, int]] = set()
    for way in root.iter("way"):
        tags = {t.get("k"): t.get("v") for t in way.iter("tag")}
        if tags.get("highway") not in DEFAULT_WALK_HIGHWAYS or tags.get("foot") == "no":
            continue
        if tags.get("area") == "yes" or tags.get("service") == "private":
            continue
        if tags.get("access") in ("no", "private") and tags.get("foot") not in ("yes", "designated"):
            continue
        refs = [int(nd.get("ref", "0")) for nd in way.iter("nd")]
        for a, b in zip(refs, refs[1:], strict=False):
            if a in node_ids and b in node_ids and a != b:
                pairs.add((min(a, b), max(a, b)))
    return pairs


def test_oakland_network_has_exactly_the_walkable_segments(oakland: WalkNetwork, oakland_path: Path) -> None:
    expected = _walkable_pairs_by_hand(oakland_path)
    got = {
        (int(a), int(b)) for a, b in zip(oakland.node_id[oakland.edge_u], oakland.node_id[oakland.edge_v], strict=True)
    }
    got = {(min(a, b), max(a, b)) for a, b in got}
    assert got == expected
    assert oakland.stats["missing_node_refs"] == 0


def test_edge_lengths_are_geodesic_metres(oakland: WalkNetwork) -> None:
    u, v = oakland.edge_u, oakland.edge_v
    geod = Geod(ellps="WGS84")
    for i in range(0, oakland.n_edges, 7):
        _, _, expected = geod.inv(oakland.lon[u[i]], oakland.lat[u[i]], oakland.lon[v[i]], oakland.lat[v[i]])
        assert oakland.edge_length_m[i] == pytest.approx(expected, abs=1e-9)
    # the sphere is close, but not equal
    sphere = haversine_m(oakland.lon[u], oakland.lat[u], oakland.lon[v], oakland.lat[v])
    np.testing.assert_allclose(sphere, oakland.edge_length_m, rtol=4e-3)
    # and the projected lengths agree to 1e-5 (a millimetre per 100 m)
    proj = np.hypot(oakland.x_m[u] - oakland.x_m[v], oakland.y_m[u] - oakland.y_m[v])
    np.testing.assert_allclose(proj, oakland.edge_length_m, rtol=1e-5)


def test_csr_is_symmetric_and_matches_edges(oakland: WalkNetwork) -> None:
    a = oakland.adjacency()
    assert (a != a.T).nnz == 0
    assert a.nnz == 2 * oakland.n_edges
    assert a[oakland.edge_u[0], oakland.edge_v[0]] == pytest.approx(oakland.edge_length_m[0])


def test_parallel_edges_keep_the_shortest_and_self_loops_go() -> None:
    lon = [88.0, 88.001, 88.002]
    lat = [47.0, 47.0, 47.0]
    net = network_from_arrays(lon, lat, [0, 1, 1, 2], [1, 0, 1, 1])
    assert net.n_edges == 2
    assert net.stats["self_loops_dropped"] == 1
    assert net.stats["parallel_edges_merged"] == 1


def test_unused_nodes_are_dropped_and_ids_kept() -> None:
    net = network_from_arrays([88.0, 89.0, 88.001], [47.0, 47.0, 47.0], [0], [2], node_id=[10, 11, 12])
    assert list(net.node_id) == [10, 12]
    assert list(net.node_index([12, 10])) == [1, 0]
    with pytest.raises(InputError):
        net.node_index([11])


def test_bad_arrays_are_refused() -> None:
    with pytest.raises(NetworkBuildError):
        network_from_arrays([88.0], [47.0], [0], [0])
    with pytest.raises(NetworkBuildError):
        network_from_arrays([88.0, 88.1], [47.0, np.nan], [0], [1])
    with pytest.raises(NetworkBuildError):
        network_from_arrays([88.0, 88.1], [47.0, 47.0], [0], [5])
    with pytest.raises(NetworkBuildError, match="unique"):
        network_from_arrays([88.0, 88.1], [47.0, 47.0], [0], [1], node_id=[3, 3])


def test_broken_xml_is_a_clear_error(tmp_path: Path, oakland_path: Path) -> None:
    broken = tmp_path / "broken.osm"
    broken.write_bytes(oakland_path.read_bytes()[:50_000])
    with pytest.raises(OSMParseError, match="not well-formed"):
        network_from_osm(broken)
    with pytest.raises(OSMParseError, match="no such file"):
        network_from_osm(tmp_path / "absent.osm")


def test_clipped_extract_splits_ways_at_missing_nodes(tmp_path: Path) -> None:
    osm = """<?xml version='1.0' encoding='UTF-8'?><osm version="0.6">
      <node id="1" lat="47.0" lon="88.0"/><node id="2" lat="47.0" lon="88.001"/>
      <node id="4" lat="47.0" lon="88.003"/><node id="5" lat="47.0" lon="88.004"/>
      <way id="9"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="5"/>
        <tag k="highway" v="footway"/></way>
      <way id="10"><nd ref="1"/><nd ref="5"/><tag k="highway" v="motorway"/></way>
      <way id="11"><nd ref="1"/><nd ref="4"/><tag k="highway" v="footway"/><tag k="foot" v="no"/></way>
    </osm>"""
    path = tmp_path / "clipped.osm"
    path.write_text(osm)
    net = network_from_osm(path)
    assert net.stats["missing_node_refs"] == 1
    pairs = {(int(net.node_id[a]), int(net.node_id[b])) for a, b in zip(net.edge_u, net.edge_v, strict=True)}
    assert pairs == {(1, 2), (4, 5)}


def test_a_file_without_walkable_ways_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cars.osm"
    path.write_text(
        '<osm version="0.6"><node id="1" lat="47" lon="88"/><node id="2" lat="47" lon="88.1"/>'
        '<way id="3"><nd ref="1"/><nd ref="2"/><tag k="highway" v="motorway"/></way></osm>'
    )
    with pytest.raises(NetworkBuildError):
        network_from_osm(path)


def test_pbf_gives_the_same_network_as_xml(tmp_path: Path, oakland: WalkNetwork, oakland_path: Path) -> None:
    osmium = pytest.importorskip("osmium")
    pbf = tmp_path / "oakland.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(oakland_path)):
            writer.add(obj)
    net = read_network(pbf)
    np.testing.assert_array_equal(net.node_id, oakland.node_id)
    np.testing.assert_array_equal(net.edge_u, oakland.edge_u)
    np.testing.assert_allclose(net.edge_length_m, oakland.edge_length_m, atol=1e-6)


def test_wuhan_geojson_keeps_paths_and_roads_but_not_rail(osm_dir: Path) -> None:
    path = osm_dir / "wuhan-guanggu-osm.geojson"
    net = network_from_geojson(path)
    assert net.n_edges > 500
    assert net.stats["vertices_merged"] > 0
    data = json.loads(path.read_text(encoding="utf-8"))
    rail = [f for f in data["features"] if f["properties"].get("kind") == "rail"]
    only_rail = {"type": "FeatureCollection", "features": rail}
    with pytest.raises(NetworkBuildError):
        network_from_geojson(only_rail)


def test_plain_geojson_lines_join_at_shared_vertices() -> None:
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "LineString", "coordinates": [[88.0, 47.0], [88.001, 47.0]]},
            },
            {
                "type": "Feature",
                "properties": None,
                "geometry": {
                    "type": "MultiLineString",
                    "coordinates": [[[88.001, 47.0], [88.001, 47.001]], [[88.002, 47.0]]],
                },
            },
        ],
    }
    net = network_from_geojson(fc)
    assert net.n_nodes == 3
    assert net.n_edges == 2


def test_malformed_geojson_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json")
    with pytest.raises(InputError):
        network_from_geojson(bad)
    with pytest.raises(InputError):
        network_from_geojson({"type": "Feature"})
    with pytest.raises(InputError, match="unknown network file type"):
        read_network(tmp_path / "x.shp")
