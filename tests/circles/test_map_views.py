"""The circle map's page and data: scoped like everything else, and complete enough to draw."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from baimi.circles.models import CoverageRun
from baimi.places.models import Building

pytestmark = pytest.mark.django_db


def test_the_community_worker_gets_every_layer(as_user: Any, demo: Any) -> None:
    response = as_user("worker").get(reverse("circles:map_data", args=[demo.community.code]))
    assert response.status_code == 200
    data = response.json()
    assert len(data["buildings"]["features"]) == Building.objects.filter(community=demo.community).count()
    assert {c["code"] for c in data["categories"]} == {"medical", "books", "children", "mediation"}
    assert data["walkways"]["features"] and data["groups"]["features"] and data["points"]["features"]
    statuses = {f["properties"]["coverage"]["medical"]["status"] for f in data["buildings"]["features"]}
    assert statuses <= {"walk", "straight", "none"} and "none" in statuses
    assert set(data["blind_spots"]) == {"medical", "books", "children", "mediation"}
    spot = data["blind_spots"]["medical"]["features"][0]["properties"]
    assert spot["households"] > 0 and spot["group"]
    assert data["connectivity"]["parts"] >= 1


def test_the_map_payload_stays_small(as_user: Any, demo: Any) -> None:
    response = as_user("worker").get(reverse("circles:map_data", args=[demo.community.code]))
    households = sum(f["properties"]["households"] for f in response.json()["buildings"]["features"])
    assert len(response.content) / max(households, 1) < 350  # bytes per household: ≤ 1 MB at 3,000


def test_gcj02_coordinates_for_an_amap_style_base_map(as_user: Any, demo: Any) -> None:
    client = as_user("worker")
    url = reverse("circles:map_data", args=[demo.community.code])
    wgs, gcj = client.get(url).json(), client.get(url + "?crs=GCJ02").json()
    (lon1, lat1), (lon2, lat2) = wgs["community"]["center"], gcj["community"]["center"]
    assert 0.001 < lon2 - lon1 < 0.01 and 0 < lat2 - lat1 < 0.01  # GCJ-02 sits ~+0.003°, +0.001° here
    assert client.get(url + "?crs=EPSG:3857").status_code == 400


@pytest.mark.parametrize(("username", "status"), [("worker", 200), ("town", 200), ("adviser", 200),
                                                   ("outsider", 404), ("resident", 403)])
def test_who_may_open_the_map(as_user: Any, demo: Any, username: str, status: int) -> None:
    assert as_user(username).get(reverse("circles:map", args=[demo.community.code])).status_code == status
    assert as_user(username).get(reverse("circles:map_data", args=[demo.community.code])).status_code == status


def test_only_editors_run_the_engine_again(as_user: Any, demo: Any) -> None:
    url = reverse("circles:run", args=[demo.community.code])
    before = CoverageRun.objects.filter(community=demo.community).count()
    assert as_user("town").post(url).status_code == 403
    assert as_user("outsider").post(url).status_code == 404
    assert as_user("worker").get(url).status_code == 405
    assert as_user("worker").post(url).status_code == 302
    assert CoverageRun.objects.filter(community=demo.community).count() == before + 1


def test_the_map_page_loads_leaflet_from_this_server(as_user: Any, demo: Any) -> None:
    page = as_user("worker").get(reverse("circles:map", args=[demo.community.code])).content.decode()
    assert "/static/leaflet/leaflet.js" in page and "/static/circles/map.js" in page
    labels = json.loads(page.split('id="map-labels" type="application/json">')[1].split("</script>")[0])
    assert labels["households"]


def test_exports_are_scoped_and_complete(as_user: Any, demo: Any) -> None:
    client = as_user("worker")
    for what in ["coverage.geojson", "coverage.csv", "blind-spots.geojson"]:
        url = reverse("circles:export", args=[demo.community.code, what])
        response = client.get(url)
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"], what
        assert as_user("outsider").get(url).status_code == 404
        client = as_user("worker")
    geo = client.get(reverse("circles:export", args=[demo.community.code, "coverage.geojson"])).json()
    assert len(geo["features"]) == Building.objects.filter(community=demo.community).count()
    assert "medical_walk_m" in geo["features"][0]["properties"]
    text = client.get(reverse("circles:export", args=[demo.community.code, "coverage.csv"])).content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("building_id,building,group,households,lon,lat,medical_status")
    assert len(text.splitlines()) == len(geo["features"]) + 1


def test_csv_cells_cannot_become_formulas(demo: Any) -> None:
    from baimi.circles.exports import safe_cell

    assert safe_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert safe_cell("-1+1") == "'-1+1" and safe_cell("幸福路1号楼") == "幸福路1号楼" and safe_cell(3) == 3


def test_this_month_is_compared_with_last_month(as_user: Any, demo: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from baimi.circles.services import coverage_run_create

    old = coverage_run_create(community=demo.community)
    CoverageRun.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=31))
    coverage_run_create(community=demo.community)  # the run in between
    coverage_run_create(community=demo.community)
    data = as_user("worker").get(reverse("circles:map_data", args=[demo.community.code])).json()
    assert data["previous_run"]["id"] == old.pk and data["previous_run"]["month_before"]


def test_the_demand_layer_counts_what_residents_asked_for(as_user: Any, demo: Any) -> None:
    from baimi.accounts.models import User
    from baimi.legal.models import Topic, TopicOrder
    from baimi.legal.services import ensure_statutes_loaded

    ensure_statutes_loaded()
    from baimi.legal.models import LegalConsultation, LegalNeed

    for model in (TopicOrder, LegalNeed, LegalConsultation):  # the demo's own legal activity: counted alone here
        model.objects.all().delete()
    resident = User.objects.get(username="resident")
    for topic in Topic.objects.all()[:3]:
        TopicOrder.objects.create(topic=topic, community=demo.community, group=resident.area, resident=resident)
    data = as_user("worker").get(reverse("circles:map_data", args=[demo.community.code])).json()
    [feature] = data["demand"]["features"]
    assert feature["properties"]["legal_orders"] == 3 and feature["properties"]["group"] == resident.area.name
    assert as_user("outsider").get(reverse("circles:map_data", args=[demo.neighbour.code])).json()["demand"][
        "features"] == []
