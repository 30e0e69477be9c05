"""Imports: good files land whole (with GCJ-02 converted), bad files are rejected whole with
file, line and reason, and the database is left exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from baimi.geo.coords import wgs84_to_gcj02
from baimi.places.importing import ImportRejected, run_import
from baimi.places.models import Building, Household, ServicePoint

pytestmark = pytest.mark.django_db


def _snapshot(community: Any) -> tuple[int, int, int]:
    return (Building.objects.filter(community=community).count(),
            Household.objects.filter(community=community).count(),
            ServicePoint.objects.filter(community=community).count())


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _near(demo: Any, dx_deg: float = 0.0005) -> tuple[float, float]:
    return demo.community.lon + dx_deg, demo.community.lat + dx_deg


def test_a_good_building_csv_in_gcj02_is_converted_to_wgs84(demo: Any, tmp_path: Path) -> None:
    lon, lat = _near(demo)
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    group = demo.groups[0].code
    path = _write(tmp_path, "b.csv", f"ref,group,name,lon,lat,floors\nX1,{group},一号楼,{g_lon},{g_lat},6\n")
    result = run_import("buildings", path, community_code=demo.community.code, crs="GCJ-02")
    assert result.rows == 1
    building = Building.objects.get(community=demo.community, ref="X1")
    assert building.lon == pytest.approx(lon, abs=1e-6) and building.lat == pytest.approx(lat, abs=1e-6)
    assert building.floors == 6


def test_importing_again_updates_instead_of_duplicating(demo: Any, tmp_path: Path) -> None:
    lon, lat = _near(demo)
    group = demo.groups[0].code
    path = _write(tmp_path, "b.csv", f"ref,group,name,lon,lat\nX1,{group},旧名,{lon},{lat}\n")
    run_import("buildings", path, community_code=demo.community.code)
    path.write_text(f"ref,group,name,lon,lat\nX1,{group},新名,{lon},{lat}\n", encoding="utf-8")
    run_import("buildings", path, community_code=demo.community.code)
    assert list(Building.objects.filter(community=demo.community, ref="X1").values_list("name", flat=True)) == ["新名"]


def test_households_import_links_buildings_and_checks_id_numbers(demo: Any, tmp_path: Path) -> None:
    building = Building.objects.filter(community=demo.community).first()
    assert building is not None
    path = _write(tmp_path, "h.csv",
                  "ref,building,address,size,phone,id_number,elderly_alone,children\n"
                  f"N1,{building.ref},某单元101室,3,139 0906 1234,11010519491231002X,否,1\n")
    run_import("households", path, community_code=demo.community.code)
    household = Household.objects.get(community=demo.community, ref="N1")
    assert household.group_id == building.group_id and household.phone == "13909061234"
    assert household.id_number == "11010519491231002X"


def test_service_points_import_from_geojson_with_categories(demo: Any, tmp_path: Path) -> None:
    lon, lat = _near(demo)
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "S1", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"name": "新卫生室", "categories": "medical；children".replace("；", ";"),
                        "opening_hours": "Mo-Fr 09:30-19:30"}},
    ]}
    path = _write(tmp_path, "s.geojson", json.dumps(doc, ensure_ascii=False, indent=2))
    run_import("service_points", path, community_code=demo.community.code)
    point = ServicePoint.objects.get(community=demo.community, ref="S1")
    assert sorted(point.categories.values_list("code", flat=True)) == ["children", "medical"]


def test_a_building_footprint_polygon_is_kept(demo: Any, tmp_path: Path) -> None:
    lon, lat = _near(demo)
    ring = [[lon, lat], [lon + 0.0002, lat], [lon + 0.0002, lat + 0.0001], [lon, lat + 0.0001], [lon, lat]]
    doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {
        "type": "Polygon", "coordinates": [ring]}, "properties": {"ref": "F1", "group": demo.groups[1].code}}]}
    run_import("buildings", _write(tmp_path, "f.geojson", json.dumps(doc)), community_code=demo.community.code)
    building = Building.objects.get(community=demo.community, ref="F1")
    assert building.footprint is not None and len(building.footprint) == 5
    assert building.lon == pytest.approx(lon + 0.0001)


BROKEN_BUILDING_CSVS = {
    "a bad number": ("ref,group,name,lon,lat\nA,{g},a,{lon},{lat}\nB,{g},b,eighty,{lat}\n", 3, "not a number"),
    "a short row": ("ref,group,name,lon,lat\nA,{g},a,{lon},{lat}\nB,{g},b\n", 3, "3 fields"),
    "an unknown group": ("ref,group,name,lon,lat\nA,nowhere,a,{lon},{lat}\n", 2, "no residents' group"),
    "a duplicate ref": ("ref,group,name,lon,lat\nA,{g},a,{lon},{lat}\nA,{g},b,{lon},{lat}\n", 3, "already on line 2"),
    "swapped coordinates": ("ref,group,name,lon,lat\nA,{g},a,{lat},{lon}\n", 2, "outside China"),
    "a point in another town": ("ref,group,name,lon,lat\nA,{g},a,88.14,47.85\n", 2, "km from"),
    "a missing coordinate": ("ref,group,name,lon,lat\nA,{g},a,,{lat}\n", 2, "lon: required"),
    "bad floors": ("ref,group,name,lon,lat,floors\nA,{g},a,{lon},{lat},-2\n", 2, "floors"),
}


@pytest.mark.parametrize("case", list(BROKEN_BUILDING_CSVS))
def test_a_broken_csv_is_rejected_whole_with_line_and_reason(demo: Any, tmp_path: Path, case: str) -> None:
    template, line, reason = BROKEN_BUILDING_CSVS[case]
    lon, lat = _near(demo)
    path = _write(tmp_path, "broken.csv", template.format(g=demo.groups[0].code, lon=lon, lat=lat))
    before = _snapshot(demo.community)
    with pytest.raises(ImportRejected) as caught:
        run_import("buildings", path, community_code=demo.community.code)
    assert any(e.file == "broken.csv" and e.line == line and reason in e.reason for e in caught.value.errors), \
        caught.value.errors
    assert _snapshot(demo.community) == before


def test_one_bad_household_among_good_ones_writes_nothing(demo: Any, tmp_path: Path) -> None:
    building = Building.objects.filter(community=demo.community).first()
    assert building is not None
    rows = [f"G{i},{building.ref},地址{i},2,,," for i in range(50)]
    rows.append(f"BAD,{building.ref},坏地址,2,,110105194912310021,")  # wrong ID check character
    path = _write(tmp_path, "h.csv", "ref,building,address,size,phone,id_number,elderly_alone\n" + "\n".join(rows))
    before = _snapshot(demo.community)
    with pytest.raises(ImportRejected) as caught:
        run_import("households", path, community_code=demo.community.code)
    assert [(e.line, "check character" in e.reason) for e in caught.value.errors] == [(52, True)]
    assert _snapshot(demo.community) == before


def test_broken_json_reports_the_line(demo: Any, tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.geojson", '{\n"type": "FeatureCollection",\n"features": [\n{"type": }\n]}')
    with pytest.raises(ImportRejected) as caught:
        run_import("buildings", path, community_code=demo.community.code)
    assert caught.value.errors[0].line == 4 and "not valid JSON" in caught.value.errors[0].reason


def test_a_bad_geojson_feature_is_reported_at_its_line(demo: Any, tmp_path: Path) -> None:
    lon, lat = _near(demo)
    good = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"ref": "A", "group": demo.groups[0].code}}
    bad = {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[lon, lat], [lon, lat]]},
           "properties": {"ref": "B", "group": demo.groups[0].code}}
    text = '{"type": "FeatureCollection", "features": [\n' + json.dumps(good) + ",\n\n" + json.dumps(bad) + "\n]}"
    with pytest.raises(ImportRejected) as caught:
        run_import("buildings", _write(tmp_path, "x.geojson", text), community_code=demo.community.code)
    assert [(e.line, "LineString" in e.reason) for e in caught.value.errors] == [(4, True)]


def test_an_unknown_crs_or_community_is_refused(demo: Any, tmp_path: Path) -> None:
    path = _write(tmp_path, "b.csv", "ref,group,name,lon,lat\n")
    with pytest.raises(ImportRejected, match="unknown coordinate system"):
        run_import("buildings", path, community_code=demo.community.code, crs="EPSG:3857")
    with pytest.raises(ImportRejected, match="no community"):
        run_import("buildings", path, community_code="999999999999")


def test_not_utf8_is_refused_with_its_line(demo: Any, tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("ref,group,name,lon,lat\nA,g,一号楼,1,2\n".encode("gbk"))
    with pytest.raises(ImportRejected) as caught:
        run_import("buildings", path, community_code=demo.community.code)
    assert caught.value.errors[0].line == 2 and "UTF-8" in caught.value.errors[0].reason


def test_the_command_prints_file_line_and_reason(demo: Any, tmp_path: Path) -> None:
    path = _write(tmp_path, "cmd.csv", f"ref,group,name,lon,lat\nA,{demo.groups[0].code},a,x,1\n")
    with pytest.raises(CommandError, match=r"cmd\.csv:2: 'x' is not a number"):
        call_command("import_buildings", str(path), community=demo.community.code)


def test_a_nul_character_is_refused_with_its_line(demo: Any, tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(f"ref,group,name,lon,lat\nA,{demo.groups[0].code},a\x00b,88.1,47.0\n".encode())
    with pytest.raises(ImportRejected) as caught:
        run_import("buildings", path, community_code=demo.community.code)
    assert [(e.line, e.reason) for e in caught.value.errors] == [(2, "a NUL character")]
