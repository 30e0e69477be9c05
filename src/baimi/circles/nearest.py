"""'What is near me': the nearest open point of every service from one spot, along the walkways."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from baimi.circles.inputs import load_inputs
from baimi.geo.coverage import compute_coverage
from baimi.places.models import Division, ServiceCategory, ServicePoint

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
