"""Streets and footpaths from real OpenStreetMap files: the same walkable ways the engine keeps,
nothing half-imported from a broken file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from baimi.circles.inputs import _network
from baimi.geo.coords import LocalProjection
from baimi.geo.network import network_from_osm
from baimi.places.importing.errors import ImportRejected
from baimi.places.importing.walkways import import_walkways
from baimi.places.models import Division, Walkway

pytestmark = pytest.mark.django_db
OSM = Path(__file__).resolve().parent.parent / "data" / "osm"


def _community_at(code: str, lon: float, lat: float, town: Division) -> Division:
    return Division.objects.create(code=code, name=f"测试社区{code[-3:]}", level="community", parent=town,
                                   lon=lon, lat=lat)


@pytest.fixture
def oakland(demo: Any) -> Division:
    net = network_from_osm(OSM / "West-Oakland.osm")
    return _community_at("999999999001", float(np.mean(net.lon)), float(np.mean(net.lat)), demo.community.parent)


def test_an_osm_extract_gives_the_engines_walking_network(oakland: Division) -> None:
    stats = import_walkways(OSM / "West-Oakland.osm", community_code=oakland.code)
    assert stats["walkways"] == Walkway.objects.filter(community=oakland).count() > 10
    assert set(Walkway.objects.filter(community=oakland).values_list("kind", flat=True)) <= {
        k.value for k in Walkway.Kind}
    rows = list(Walkway.objects.filter(community=oakland).values_list("id", "coords"))
    ours = _network(rows, LocalProjection(oakland.lon, oakland.lat))
    engine = network_from_osm(OSM / "West-Oakland.osm")
    assert ours is not None
    assert float(ours.edge_length_m.sum()) == pytest.approx(float(engine.edge_length_m.sum()), rel=1e-6)
    assert ours.n_nodes == engine.n_nodes


def test_importing_the_extract_again_updates_in_place(oakland: Division) -> None:
    first = import_walkways(OSM / "West-Oakland.osm", community_code=oakland.code)["walkways"]
    import_walkways(OSM / "West-Oakland.osm", community_code=oakland.code)
    assert Walkway.objects.filter(community=oakland).count() == first


def test_tilezen_geojson_keeps_paths_and_drops_railways(demo: Any) -> None:
    wuhan = _community_at("999999999002", 114.395, 30.508, demo.community.parent)
    stats = import_walkways(OSM / "wuhan-guanggu-osm.geojson", community_code=wuhan.code)
    kinds = set(Walkway.objects.filter(community=wuhan).values_list("kind", flat=True))
    assert stats["features_walkable"] < stats["features_read"] and {"footway", "residential"} <= kinds
    doc = json.loads((OSM / "wuhan-guanggu-osm.geojson").read_text(encoding="utf-8"))
    excluded = {str(f["properties"]["id"]) for f in doc["features"]
                if f["properties"].get("kind") in {"rail", "highway"} or f["properties"].get("tile_layer") != "roads"}
    refs = Walkway.objects.filter(community=wuhan).values_list("ref", flat=True)
    imported = {r.split(":")[1].rstrip("+") for r in refs}
    assert excluded and not excluded & imported  # no railway, motorway, building or river


def test_a_broken_osm_file_is_rejected_with_its_line(oakland: Division, tmp_path: Path) -> None:
    text = (OSM / "West-Oakland.osm").read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "broken.osm"
    broken.write_text("".join(text[:40]) + "<way id='1'><nd ref=/></way>\n" + "".join(text[40:]), encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_walkways(broken, community_code=oakland.code)
    assert caught.value.errors[0].line == 41 and "not valid OSM XML" in caught.value.errors[0].reason
    assert not Walkway.objects.filter(community=oakland).exists()


def test_an_extract_far_from_the_community_is_refused(demo: Any) -> None:
    before = Walkway.objects.filter(community=demo.community).count()
    with pytest.raises(CommandError, match="more than 30 km"):
        call_command("import_walkways", str(OSM / "West-Oakland.osm"), community=demo.community.code)
    assert Walkway.objects.filter(community=demo.community).count() == before
