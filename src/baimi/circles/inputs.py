"""From the ORM to the engine's arrays: demand (buildings weighted by people), service points per
category, and the walking network from the community's walkways. Nothing here computes."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Sum

from baimi.geo.coords import LocalProjection
from baimi.geo.network import WalkNetwork, network_from_arrays
from baimi.places.models import Building, Division, ServiceCategory, ServicePoint, Walkway


@dataclass
class CommunityInputs:
    projection: LocalProjection
    building_ids: list[int]
    group_codes: list[str]
    demand_x_m: np.ndarray
    demand_y_m: np.ndarray
    households: np.ndarray
    people: np.ndarray
    point_ids: list[int]  # one entry per (point, category) pair
    point_x_m: np.ndarray
    point_y_m: np.ndarray
    point_category: list[str]
    categories: list[str]
    network: WalkNetwork | None
    fingerprint: dict[str, object]


@functools.lru_cache(maxsize=256)
def projection_at(lon: float, lat: float) -> LocalProjection:
    """One projection per community centre: building pyproj's transformers costs ~40 ms each, more
    than the whole coverage computation of a community, so they are made once per process."""
    return LocalProjection(lon, lat)


def load_inputs(community: Division) -> CommunityInputs:
    assert community.lon is not None and community.lat is not None
    projection = projection_at(community.lon, community.lat)
    buildings = list(Building.objects.filter(community=community).order_by("id")
                     .annotate(n=Count("households"), people=Sum("households__size"))
                     .values_list("id", "group__code", "lon", "lat", "n", "people"))
    ids, groups, lon, lat, households, people = (list(col) for col in zip(*buildings, strict=True)) if buildings \
        else ([], [], [], [], [], [])
    dx, dy = projection.forward(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    categories = list(ServiceCategory.objects.filter(required_in_circle=True).values_list("code", flat=True))
    pairs = list(ServicePoint.objects.filter(community=community, active=True, categories__code__in=categories)
                 .order_by("id").values_list("id", "lon", "lat", "categories__code"))
    px, py = projection.forward(np.asarray([p[1] for p in pairs], dtype=float),
                                np.asarray([p[2] for p in pairs], dtype=float))
    walkways = list(Walkway.objects.filter(community=community).order_by("id").values_list("id", "coords"))
    network = _network(walkways, projection)
    digest = hashlib.sha256(repr((buildings, pairs, walkways)).encode()).hexdigest()[:16]
    return CommunityInputs(
        projection, ids, groups, np.atleast_1d(dx), np.atleast_1d(dy),
        np.asarray(households, dtype=float), np.asarray([p or 0 for p in people], dtype=float),
        [p[0] for p in pairs], np.atleast_1d(px), np.atleast_1d(py), [p[3] for p in pairs], categories, network,
        {"buildings": len(ids), "service_point_categories": len(pairs), "walkways": len(walkways),
         "fingerprint": digest},
    )


def _network(walkways: list[tuple[int, list[list[float]]]], projection: LocalProjection) -> WalkNetwork | None:
    """Vertices shared by two walkways (to 1e-7°, about 1 cm) are one node, as in OpenStreetMap."""
    node_of: dict[tuple[float, float], int] = {}
    edge_u: list[int] = []
    edge_v: list[int] = []
    for _, coords in walkways:
        ids = [node_of.setdefault((round(x, 7), round(y, 7)), len(node_of)) for x, y in coords]
        edge_u.extend(ids[:-1])
        edge_v.extend(ids[1:])
    if not edge_u:
        return None
    lonlat = np.array(list(node_of), dtype=float)
    return network_from_arrays(lonlat[:, 0], lonlat[:, 1], edge_u, edge_v, projection=projection)
