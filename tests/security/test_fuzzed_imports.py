"""Fuzzed import files fail cleanly: a good file mangled at random (bytes cut, inserted, replaced,
the file truncated) either still imports or is rejected with ``ImportRejected`` naming the file —
never another exception — and a rejection leaves the database exactly as it was. The circle
engine's own OSM reader (used without the database) raises only its ``GeoError``s."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baimi.geo import GeoError
from baimi.geo.network import network_from_osm
from baimi.places.importing import ImportRejected, run_import
from baimi.places.importing.walkways import import_walkways
from baimi.places.models import Building, Division, Household, ServicePoint, Walkway

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
NASTY = st.sampled_from(["", ",", ";", "\n", "\r\n", '"', "'", "{", "}", "[", "]", ":", "\x00", "\ufeff", "-1",
                         "1e999", "NaN", "<", ">", "&", "\\", "楼", "\udcff".encode("utf-8", "surrogatepass").decode(
                             "utf-8", "replace"), "\t", "=cmd|' /C calc'!A0"])


@st.composite
def mangled(draw: Any, good: bytes) -> bytes:
    data = bytearray(good)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["cut", "insert", "replace", "truncate", "bytes"]))
        if op == "cut":
            del data[where:where + draw(st.integers(1, 12))]
        elif op == "insert":
            data[where:where] = draw(NASTY).encode("utf-8", "replace")
        elif op == "replace" and where < len(data):
            data[where] = draw(st.integers(0, 255))
        elif op == "truncate":
            del data[where:]
        elif op == "bytes":
            data[where:where] = draw(st.binary(min_size=1, max_size=8))
    return bytes(data)


def _snapshot(community: Any) -> tuple[int, ...]:
    return (Building.objects.filter(community=community).count(),
            Household.objects.filter(community=community).count(),
            ServicePoint.objects.filter(community=community).count(),
            Walkway.objects.filter(community=community).count())


def _good_files(demo: Any) -> dict[str, tuple[str, bytes]]:
    lon, lat, g = demo.community.lon + 0.0005, demo.community.lat + 0.0005, demo.groups[0].code
    building = Building.objects.filter(community=demo.community).first()
    assert building is not None
    points = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "S1", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"name": "卫生室", "categories": "medical;children", "opening_hours": "Mo-Fr 09:00-18:00"}}]}
    return {
        "buildings": ("b.csv", (f"ref,group,name,lon,lat,floors\nA,{g},一号楼,{lon},{lat},6\n"
                                f"B,{g},二号楼,{lon},{lat},3\n").encode()),
        "households": ("h.csv", ("ref,building,address,size,phone,id_number,elderly_alone\n"
                                 f"N1,{building.ref},101室,3,13909061234,11010519491231002X,否\n").encode()),
        "service_points": ("s.geojson", json.dumps(points, ensure_ascii=False, indent=1).encode()),
    }


@pytest.mark.parametrize("kind", ["buildings", "households", "service_points"])
def test_fuzzed_place_files_fail_cleanly(kind: str, demo: Any, tmp_path: Path) -> None:
    name, good = _good_files(demo)[kind]
    run_import(kind, _write(tmp_path, name, good), community_code=demo.community.code)  # the seed is good

    @FUZZ
    @given(data=st.data())
    def attempt(data: Any) -> None:
        blob = data.draw(mangled(good))
        before = _snapshot(demo.community)
        try:
            run_import(kind, _write(tmp_path, name, blob), community_code=demo.community.code)
        except ImportRejected as rejected:
            assert rejected.errors and all(e.file == name for e in rejected.errors)
            assert _snapshot(demo.community) == before

    attempt()


OAKLAND = Path(__file__).resolve().parents[1] / "data" / "osm" / "West-Oakland.osm"


def test_fuzzed_osm_fails_cleanly_in_the_engine(tmp_path: Path) -> None:
    good = OAKLAND.read_bytes()[:20_000]  # the head of the file: nodes and the first ways

    @FUZZ
    @given(data=st.data())
    def attempt(data: Any) -> None:
        path = _write(tmp_path, "x.osm", data.draw(mangled(good)))
        with contextlib.suppress(GeoError):
            network_from_osm(path)

    attempt()


def test_fuzzed_osm_walkway_import_fails_cleanly(demo: Any, tmp_path: Path) -> None:
    # a community where the extract is, so a mangled file that still parses gets all the way in
    net = network_from_osm(OAKLAND)
    oakland = Division.objects.create(code="999999999001", name="测试社区", level="community",
                                      parent=demo.community.parent, lon=float(net.lon.mean()),
                                      lat=float(net.lat.mean()))
    good = OAKLAND.read_bytes()
    import_walkways(_write(tmp_path, "w.osm", good), community_code=oakland.code)  # the seed is good

    @FUZZ
    @given(data=st.data())
    def attempt(data: Any) -> None:
        before = _snapshot(oakland)
        try:
            import_walkways(_write(tmp_path, "w.osm", data.draw(mangled(good))), community_code=oakland.code)
        except ImportRejected as rejected:
            assert rejected.errors and all(e.file == "w.osm" for e in rejected.errors)
            assert _snapshot(oakland) == before

    attempt()


def test_fuzzed_geojson_walkway_import_fails_cleanly(demo: Any, tmp_path: Path) -> None:
    lon, lat = demo.community.lon, demo.community.lat
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"highway": "footway", "name": "小路"},
         "geometry": {"type": "LineString",
                      "coordinates": [[lon, lat], [lon + 0.001, lat], [lon + 0.001, lat + 0.001]]}}]}
    good = json.dumps(doc, ensure_ascii=False).encode()
    import_walkways(_write(tmp_path, "w.geojson", good), community_code=demo.community.code)  # the seed is good

    @FUZZ
    @given(data=st.data())
    def attempt(data: Any) -> None:
        before = _snapshot(demo.community)
        try:
            import_walkways(_write(tmp_path, "w.geojson", data.draw(mangled(good))), community_code=demo.community.code)
        except ImportRejected as rejected:
            assert rejected.errors and all(e.file == "w.geojson" for e in rejected.errors)
            assert _snapshot(demo.community) == before

    attempt()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path
