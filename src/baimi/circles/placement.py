"""Proposing new service points with the engine's exact set-cover / maximal-cover solvers, and
turning an adopted proposal into a real service point."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
from django.db import transaction

from baimi.circles.inputs import CommunityInputs, load_inputs
from baimi.circles.models import Placement, ProposedSite
from baimi.geo.placement import coverage_matrix_straight, coverage_matrix_walk, solve_lscp, solve_mclp
from baimi.geo.snap import snap_points
from baimi.places.models import Building, Division, ServiceCategory, ServicePoint

RADIUS_M = 100.0
TIME_LIMIT_S = 20.0


def _matrices(data: CommunityInputs, category: str, measure: str) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Coverage of every building (demand) by every building (candidate site: a room in it), and
    by the existing open points of the category."""
    mine = np.array([c == category for c in data.point_category], dtype=bool)
    ex_x, ex_y = data.point_x_m[mine], data.point_y_m[mine]
    if measure == Placement.Measure.WALK and data.network is not None:
        demand = snap_points(data.network, data.demand_x_m, data.demand_y_m)
        existing = snap_points(data.network, ex_x, ex_y)
        return (coverage_matrix_walk(data.network, demand, demand, RADIUS_M),
                coverage_matrix_walk(data.network, demand, existing, RADIUS_M))
    return (coverage_matrix_straight(data.demand_x_m, data.demand_y_m, data.demand_x_m, data.demand_y_m, RADIUS_M),
            coverage_matrix_straight(data.demand_x_m, data.demand_y_m, ex_x, ex_y, RADIUS_M))


@transaction.atomic
def placement_create(*, community: Division, category: ServiceCategory, model: str, measure: str,
                     sites_wanted: int | None = None, weighted: bool = True, user: Any = None) -> Placement:
    if model == Placement.Model.MCLP and not sites_wanted:
        raise ValueError("the best-p question needs p, the number of new points")
    data = load_inputs(community)
    candidates, existing = _matrices(data, category.code, measure)
    weight = data.households if weighted else np.ones_like(data.households)
    if model == Placement.Model.LSCP:
        result = solve_lscp(candidates, existing=existing, weight=weight, time_limit_s=TIME_LIMIT_S)
    else:
        result = solve_mclp(candidates, int(sites_wanted or 0), existing=existing, weight=weight,
                            time_limit_s=TIME_LIMIT_S)
    placement = Placement.objects.create(
        community=community, category=category, model=model, measure=measure, sites_wanted=sites_wanted,
        weighted=weighted, created_by=user if getattr(user, "pk", None) else None,
        result={
            "status": result.status, "proven_optimal": bool(result.proven_optimal), "gap": float(result.gap),
            "objective": float(result.objective), "total": float(result.total_weight),
            "covered_before": float(result.covered_weight_before), "covered_after": float(result.covered_weight_after),
            "uncoverable": int(len(result.uncoverable)), "build_s": round(result.build_s, 4),
            "solve_s": round(result.solve_s, 4), "stats": {k: int(v) for k, v in result.stats.items()},
        },
    )
    # What each chosen site reaches that no existing point does (sites may overlap one another).
    not_yet = np.asarray(existing.sum(axis=1)).ravel() == 0
    csc = candidates.tocsc()
    sites = []
    for j in result.chosen.tolist():
        reached = csc.indices[csc.indptr[j]:csc.indptr[j + 1]]
        sites.append(ProposedSite(placement=placement, building_id=data.building_ids[j],
                                  newly_covered=float(weight[reached][not_yet[reached]].sum())))
    ProposedSite.objects.bulk_create(sites)
    return placement


@transaction.atomic
def site_adopt(*, site: ProposedSite, adopted: bool) -> ProposedSite:
    site.adopted = adopted
    site.save(update_fields=["adopted"])
    return site


@transaction.atomic
def site_make_service_point(*, site: ProposedSite, name: str = "") -> ServicePoint:
    """Open a real service point of the placement's category in the proposed building."""
    if site.service_point_id:
        raise ValueError("this site is a service point already")
    building: Building = site.building
    category = site.placement.category
    point = ServicePoint.objects.create(
        community=site.placement.community, area=building.group,
        ref=f"PLAN-{site.placement_id}-{site.pk}", name=name or f"{building.name}{category.name_zh}服务点",
        lon=building.lon, lat=building.lat, address=building.address,
    )
    point.categories.add(category)
    site.adopted, site.service_point = True, point
    site.save(update_fields=["adopted", "service_point"])
    return point
