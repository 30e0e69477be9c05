"""'What is near me': the nearest open point of every service from one spot, along the walkways."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from baimi.circles.inputs import load_inputs
from baimi.geo.coords import from_wgs84
from baimi.geo.coverage import compute_coverage
from baimi.geo.route import walk_route
from baimi.places.models import Building, Division, ServiceCategory, ServicePoint

WALK_SPEED_M_S = 1.0  # an unhurried pace, elderly residents included
CUTOFF_M = 3000.0


@dataclass(frozen=True)
class Nearest:
    category: ServiceCategory
    point: ServicePoint | None
    straight_m: float | None
    walk_m: float | None

    @property
    def walk_min(self) -> float | None:
        return None if self.walk_m is None else self.walk_m / WALK_SPEED_M_S / 60.0

    @property
    def within_circle(self) -> bool:
        return self.walk_m is not None and self.walk_m <= 100.0


def nearest_services(community: Division, lon: float, lat: float) -> list[Nearest]:
    data = load_inputs(community)
    x, y = data.projection.forward(np.array([lon]), np.array([lat]))
    result = compute_coverage(x, y, data.point_x_m, data.point_y_m, data.point_category, categories=data.categories,
                              network=data.network, walk_speed_m_s=WALK_SPEED_M_S, cutoff_m=CUTOFF_M)
    points = ServicePoint.objects.in_bulk(set(data.point_ids))
    categories = {c.code: c for c in ServiceCategory.objects.filter(code__in=data.categories)}
    out = []
    for j, code in enumerate(data.categories):
        straight, walk = float(result.straight_m[0, j]), float(result.walk_m[0, j])
        wf, sf = int(result.walk_facility[0, j]), int(result.straight_facility[0, j])
        index = wf if wf >= 0 else sf
        out.append(Nearest(
            categories[code], points.get(data.point_ids[index]) if index >= 0 else None,
            None if not np.isfinite(straight) else straight, None if not np.isfinite(walk) else walk,
        ))
    return out


def route_to_nearest(community: Division, building: Building, category: str, *, crs: str = "WGS84"
                     ) -> dict[str, Any] | None:
    """The walking route from a building to the nearest open point of ``category``, as a GeoJSON
    Feature (coordinates in ``crs``), or None when no point can be reached along the paths."""
    data = load_inputs(community)
    mine = [i for i, c in enumerate(data.point_category) if c == category]
    if data.network is None or not mine:
        return None
    x, y = data.projection.forward(np.array([building.lon]), np.array([building.lat]))
    result = compute_coverage(x, y, data.point_x_m[mine], data.point_y_m[mine], [category] * len(mine),
                              categories=[category], network=data.network, cutoff_m=CUTOFF_M)
    nearest = int(result.walk_facility[0, 0])
    if nearest < 0:
        return None
    target = mine[nearest]
    found = walk_route(data.network, float(x[0]), float(y[0]), float(data.point_x_m[target]),
                       float(data.point_y_m[target]))
    if found is None:
        return None
    lon, lat = from_wgs84(found.lon, found.lat, crs)
    point = ServicePoint.objects.get(pk=data.point_ids[target])
    return {"type": "Feature",
            "geometry": {"type": "LineString",
                         "coordinates": [[round(a, 7), round(b, 7)] for a, b in zip(lon.tolist(), lat.tolist(),
                                                                                      strict=True)]},
            "properties": {"reachable": True, "length_m": round(found.length_m, 1), "point": point.name,
                           "walk_min": round(found.length_m / WALK_SPEED_M_S / 60.0, 1)}}
