"""'What is near': the nearest service of each kind along the paths, from a building, a typed
address or the phone's position."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from baimi.accounts.models import User
from baimi.circles.nearest import nearest_services
from baimi.places.models import Building, ServiceCategory, ServicePoint

pytestmark = pytest.mark.django_db
URL = "/circles/nearest/"


def test_a_point_at_the_door_is_zero_metres_away(demo: Any) -> None:
    building = Building.objects.filter(community=demo.community).order_by("id").first()
    assert building is not None
    point = ServicePoint.objects.create(community=demo.community, area=building.group, ref="DOOR", name="门口卫生室",
                                        lon=building.lon, lat=building.lat)
    point.categories.add(ServiceCategory.objects.get(code="medical"))
    medical = next(n for n in nearest_services(demo.community, building.lon, building.lat)
                   if n.category.code == "medical")
    assert medical.point == point and medical.straight_m == pytest.approx(0, abs=1e-6)
    assert medical.walk_m is not None and medical.walk_m >= medical.straight_m


def test_walking_is_at_least_the_straight_line(demo: Any) -> None:
    building = Building.objects.filter(community=demo.community).order_by("-id").first()
    assert building is not None
    for n in nearest_services(demo.community, building.lon, building.lat):
        if n.walk_m is not None and n.straight_m is not None:
            assert n.walk_m >= n.straight_m - 1e-6


def test_a_resident_picks_a_building(as_user: Any, demo: Any) -> None:
    building = Building.objects.filter(community=demo.community).last()
    assert building is not None
    response = as_user("resident").get(URL, {"building": building.pk})
    assert response.status_code == 200 and len(response.context["nearest"]) == 4
    assert building.name in response.content.decode()
    resident = User.objects.get(username="resident")
    assert {s.home_base_id for s in response.context["staff"]} == {resident.area_id}  # the circle's own staff


def test_a_typed_address_finds_the_building(as_user: Any, demo: Any) -> None:
    building = Building.objects.filter(community=demo.community).first()
    assert building is not None
    response = as_user("resident").get(URL, {"q": building.name})
    assert response.context["nearest"] is not None
    response = as_user("resident").get(URL, {"q": "不存在的楼"})
    assert response.context["nearest"] is None and response.context["error"]


def test_the_phone_position_is_used_when_near(as_user: Any, demo: Any) -> None:
    response = as_user("resident").get(URL, {"lon": demo.community.lon, "lat": demo.community.lat})
    assert response.context["nearest"] is not None
    far = as_user("resident").get(URL, {"lon": 88.14, "lat": 47.85})
    assert far.context["nearest"] is None and far.context["error"]
    bad = as_user("resident").get(URL, {"lon": "x", "lat": "1"})
    assert bad.status_code == 200 and bad.context["error"]


def test_buildings_offered_are_only_the_users_community(as_user: Any, demo: Any) -> None:
    response = as_user("outsider").get(URL)
    assert {b.community_id for b in response.context["buildings"]} == {demo.neighbour.pk}
    other = Building.objects.filter(community=demo.community).first()
    assert other is not None
    response = as_user("outsider").get(URL, {"building": other.pk})
    assert response.context["nearest"] is None


def test_officers_without_a_community_and_anonymous_visitors(as_user: Any, client: Any) -> None:
    assert client.get(URL).status_code == 302
    assert as_user("town").get(URL).status_code == 404
    assert as_user("resident").post(URL).status_code == 405


def test_the_resident_home_shows_walking_distances(as_user: Any) -> None:
    resident = User.objects.get(username="resident")
    response = as_user("resident").get(reverse("home"))
    nearest = response.context["nearest"]
    assert len(nearest) == 4 and resident.household is not None
    assert any(n.walk_m is not None for n in nearest)


def test_the_route_to_the_nearest_point_is_drawn(as_user: Any, demo: Any) -> None:
    building = Building.objects.filter(community=demo.community).order_by("id").first()
    assert building is not None
    url = reverse("circles:route", args=[demo.community.code])
    feature = as_user("worker").get(url, {"building": building.pk, "category": "mediation"}).json()
    assert feature["properties"]["reachable"] and feature["properties"]["length_m"] > 0
    coords = feature["geometry"]["coordinates"]
    assert coords[0] == pytest.approx([building.lon, building.lat], abs=1e-6)
    nearest = next(n for n in nearest_services(demo.community, building.lon, building.lat)
                   if n.category.code == "mediation")
    assert feature["properties"]["length_m"] == pytest.approx(nearest.walk_m, abs=0.1)
    assert as_user("outsider").get(url, {"building": building.pk, "category": "mediation"}).status_code == 404
    assert as_user("worker").get(url, {"category": "mediation"}).status_code == 400
