"""Coverage runs: the engine's answer for a community, stored per building and summarised."""

from __future__ import annotations

from typing import Any

import pytest

from baimi.accounts.models import User
from baimi.circles.models import BuildingCoverage, CoverageRun
from baimi.circles.services import coverage_run_create
from baimi.places.models import Building, ServicePoint

pytestmark = pytest.mark.django_db


def test_the_demo_is_analysed_when_it_is_built(demo: Any) -> None:
    run = CoverageRun.objects.latest_done(demo.community)
    assert run is not None and run.status == "done"
    assert run.inputs["buildings"] == Building.objects.filter(community=demo.community).count()


def test_every_building_gets_a_result_for_every_category(demo: Any) -> None:
    run = coverage_run_create(community=demo.community)
    buildings = Building.objects.filter(community=demo.community).count()
    assert BuildingCoverage.objects.filter(run=run).count() == buildings * 4
    assert set(run.summary["categories"]) == {"medical", "books", "children", "mediation"}


def test_walking_is_never_shorter_than_the_straight_line(demo: Any) -> None:
    run = coverage_run_create(community=demo.community)
    rows = BuildingCoverage.objects.filter(run=run, walk_m__isnull=False, straight_m__isnull=False)
    assert rows.exists()
    for row in rows:
        assert row.walk_m >= row.straight_m - 1e-6
    community = run.summary["community"]
    for code in run.summary["categories"]:
        assert community[code]["walk"] <= community[code]["straight"]


def test_a_new_point_at_a_building_covers_it_in_the_next_run(demo: Any) -> None:
    from baimi.places.models import ServiceCategory

    building = Building.objects.filter(community=demo.community).order_by("id").first()
    assert building is not None
    point = ServicePoint.objects.create(community=demo.community, area=building.group, ref="NEW", name="新卫生室",
                                        lon=building.lon, lat=building.lat)
    point.categories.add(ServiceCategory.objects.get(code="medical"))
    run = coverage_run_create(community=demo.community)
    cell = BuildingCoverage.objects.get(run=run, building=building, category__code="medical")
    assert cell.straight_m == 0 and cell.nearest_straight_id == point.pk


def test_a_closed_point_does_not_count(demo: Any) -> None:
    ServicePoint.objects.filter(community=demo.community).update(active=False)
    run = coverage_run_create(community=demo.community)
    assert not BuildingCoverage.objects.filter(run=run, straight_m__isnull=False).exists()
    assert run.summary["community"]["all"]["straight"] == 0


def test_runs_are_scoped_like_everything_else(demo: Any) -> None:
    outsider = User.objects.get(username="outsider")
    assert not CoverageRun.objects.visible_to(outsider).filter(community=demo.community).exists()
    assert CoverageRun.objects.visible_to(outsider).filter(community=demo.neighbour).exists()


def test_the_circle_table_shows_walking_shares(as_user: Any) -> None:
    response = as_user("worker").get("/home/")
    statuses = response.context["circles"]
    assert any(s.walk_share for s in statuses)
