"""Placement from the map: exact answers, proposals kept, adopted sites turned into real points."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from django.urls import reverse

from baimi.circles.inputs import load_inputs
from baimi.circles.models import BuildingCoverage, Placement
from baimi.circles.placement import _matrices, placement_create, site_make_service_point
from baimi.circles.services import coverage_run_create
from baimi.places.models import ServiceCategory, ServicePoint

pytestmark = pytest.mark.django_db


def _medical() -> ServiceCategory:
    return ServiceCategory.objects.get(code="medical")


def test_best_two_sites_match_brute_force(demo: Any) -> None:
    placement = placement_create(community=demo.community, category=_medical(), model="mclp", measure="straight",
                                 sites_wanted=2)
    assert placement.result["proven_optimal"]
    data = load_inputs(demo.community)
    candidates, existing = _matrices(data, "medical", "straight")
    not_yet = np.asarray(existing.sum(axis=1)).ravel() == 0
    cand = candidates.tocsc()
    best = 0.0
    for a, b in itertools.combinations(range(cand.shape[1]), 2):
        reached = np.zeros(cand.shape[0], dtype=bool)
        for j in (a, b):
            reached[cand.indices[cand.indptr[j]:cand.indptr[j + 1]]] = True
        best = max(best, float(data.households[reached & not_yet].sum()))
    assert placement.result["covered_after"] - placement.result["covered_before"] == pytest.approx(best)
    assert placement.sites.count() <= 2


def test_set_cover_reaches_everyone(demo: Any) -> None:
    # Every building may host a point, so in a straight line every household is coverable.
    placement = placement_create(community=demo.community, category=_medical(), model="lscp", measure="straight")
    result = placement.result
    assert result["proven_optimal"] and placement.sites.count() == result["objective"]
    assert result["uncoverable"] == 0 and result["covered_after"] == pytest.approx(result["total"])


def test_set_cover_along_paths_is_proven_optimal(demo: Any) -> None:
    walking = placement_create(community=demo.community, category=_medical(), model="lscp", measure="walk")
    straight = placement_create(community=demo.community, category=_medical(), model="lscp", measure="straight")
    assert walking.result["proven_optimal"]
    # along paths a point reaches fewer homes, so covering them takes at least as many points
    coverable_all = walking.result["uncoverable"] == 0
    assert not coverable_all or walking.result["objective"] >= straight.result["objective"]


def test_an_opened_site_is_covered_in_the_next_run(demo: Any) -> None:
    placement = placement_create(community=demo.community, category=_medical(), model="mclp", measure="straight",
                                 sites_wanted=1)
    site = placement.sites.get()
    point = site_make_service_point(site=site)
    assert point.categories.filter(code="medical").exists() and point.area == site.building.group
    run = coverage_run_create(community=demo.community)
    cell = BuildingCoverage.objects.get(run=run, building=site.building, category__code="medical")
    assert cell.straight_m == 0
    with pytest.raises(ValueError):
        site_make_service_point(site=site)


def test_the_placement_form_on_the_map(as_user: Any, demo: Any) -> None:
    client = as_user("worker")
    url = reverse("circles:placement_new", args=[demo.community.code])
    response = client.post(url, {"category": _medical().pk, "model": "mclp", "sites_wanted": 2, "measure": "walk",
                                 "weighted": "on"})
    placement = Placement.objects.filter(community=demo.community).latest("created_at")
    assert response.status_code == 302 and response["Location"].endswith(f"?placement={placement.pk}")
    page = client.get(response["Location"]).content.decode()
    assert "proposed-sites" in page and placement.sites.first().building.name in page
    site = placement.sites.first()
    client.post(reverse("circles:site_adopt", args=[demo.community.code, site.pk]), {"adopted": "1"})
    site.refresh_from_db()
    assert site.adopted
    before = ServicePoint.objects.filter(community=demo.community).count()
    client.post(reverse("circles:site_make_point", args=[demo.community.code, site.pk]))
    assert ServicePoint.objects.filter(community=demo.community).count() == before + 1


def test_placements_are_for_editors_of_the_community(as_user: Any, demo: Any) -> None:
    url = reverse("circles:placement_new", args=[demo.community.code])
    data = {"category": _medical().pk, "model": "lscp", "measure": "straight"}
    assert as_user("town").post(url, data).status_code == 403
    assert as_user("outsider").post(url, data).status_code == 404
    assert as_user("worker").get(url).status_code == 405
    placement = placement_create(community=demo.community, category=_medical(), model="lscp", measure="straight")
    site = placement.sites.first()
    assert site is not None
    adopt = reverse("circles:site_adopt", args=[demo.neighbour.code, site.pk])
    assert as_user("outsider").post(adopt, {"adopted": "1"}).status_code == 404


def test_best_p_needs_p(as_user: Any, demo: Any) -> None:
    client = as_user("worker")
    response = client.post(reverse("circles:placement_new", args=[demo.community.code]),
                           {"category": _medical().pk, "model": "mclp", "measure": "walk"}, follow=True)
    assert not Placement.objects.filter(community=demo.community).exists()
    assert "p" in response.content.decode()
