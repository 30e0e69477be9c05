"""Everything the circle map draws, as GeoJSON, in one payload: the community's walkways,
buildings coloured by coverage for every category, residents' groups with their circles, service
points, blind spots per category, and where neighbouring circles do not join up.

Coordinates are WGS-84 unless a base map in GCJ-02 asks otherwise (``crs``); the map draws the
community's own geometry, so it is useful with no base map at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count, Sum

from baimi.circles.inputs import projection_at
from baimi.circles.models import BuildingCoverage, CoverageRun
from baimi.geo.blindspots import blind_spots, circle_connectivity
from baimi.geo.coords import from_wgs84, normalise_crs
from baimi.places.models import Building, Division, Level, ServiceCategory, ServicePoint, Walkway

COORD_DECIMALS = 6  # 0.1 m: enough for a map, and it keeps the payload small
MONTH_DAYS = 25  # "last month" is any run at least this long before the latest


class _Converter:
    def __init__(self, crs: str) -> None:
        self.crs = normalise_crs(crs)
        self.identity = self.crs in {"WGS84", "CGCS2000"}

    def point(self, lon: float, lat: float) -> list[float]:
        if self.identity:
            return [round(lon, COORD_DECIMALS), round(lat, COORD_DECIMALS)]
        x, y = from_wgs84(lon, lat, self.crs)
        return [round(float(x), COORD_DECIMALS), round(float(y), COORD_DECIMALS)]

    def line(self, coords: list[list[float]]) -> list[list[float]]:
        if self.identity:
            return [[round(c[0], COORD_DECIMALS), round(c[1], COORD_DECIMALS)] for c in coords]
        xs, ys = from_wgs84(np.array([c[0] for c in coords]), np.array([c[1] for c in coords]), self.crs)
        return [[round(float(x), COORD_DECIMALS), round(float(y), COORD_DECIMALS)]
                for x, y in zip(xs.tolist(), ys.tolist(), strict=True)]


def _feature(geometry: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def community_map(community: Division, *, crs: str = "WGS84") -> dict[str, Any]:
    assert community.level == Level.COMMUNITY and community.lon is not None and community.lat is not None
    to = _Converter(crs)
    categories = list(ServiceCategory.objects.filter(required_in_circle=True))
    run = CoverageRun.objects.latest_done(community)
    buildings = [_Building(*row) for row in Building.objects.filter(community=community).order_by("id")
                 .annotate(n=Count("households"), people=Sum("households__size"))
                 .values_list("id", "name", "group_id", "group__name", "lon", "lat", "footprint", "n", "people")]
    cells = _cells(run)
    building_features = [_building_feature(b, categories, cells.get(b.pk, {}), to, run) for b in buildings]
    return {
        "community": {"code": community.code, "name": community.name, "center": to.point(community.lon, community.lat)},
        "crs": crs,
        "categories": [{"code": c.code, "name": c.localized_name, "symbol": c.symbol, "colour": c.colour}
                       for c in categories],
        "run": None if run is None else {
            "id": run.pk, "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "params": run.params, "inputs": run.inputs, "summary": run.summary},
        "previous_run": _previous(run),
        "walkways": _collection([_feature({"type": "LineString", "coordinates": to.line(w.coords)},
                                          kind=w.kind, name=w.name)
                                 for w in Walkway.objects.filter(community=community).order_by("id")]),
        "buildings": _collection(building_features),
        "groups": _collection(_group_features(community, to)),
        "points": _collection(_point_features(community, to)),
        "blind_spots": _blind_spots(community, buildings, categories, cells, to) if run else {},
        "connectivity": _connectivity(community, to),
        "demand": _collection(_demand_features(community, to)),
    }


def _previous(run: CoverageRun | None) -> dict[str, Any] | None:
    """The run to compare with: a month before the latest if there is one, else the one before it."""
    if run is None or run.finished_at is None:
        return None
    done = CoverageRun.objects.filter(community=run.community_id, status=CoverageRun.Status.DONE).exclude(pk=run.pk)
    earlier = (done.filter(finished_at__lte=run.finished_at - dt.timedelta(days=MONTH_DAYS)).order_by("-finished_at")
               .first() or done.filter(finished_at__lte=run.finished_at).order_by("-finished_at").first())
    if earlier is None or earlier.finished_at is None:
        return None
    return {"id": earlier.pk, "finished_at": earlier.finished_at.isoformat(), "summary": earlier.summary,
            "month_before": earlier.finished_at <= run.finished_at - dt.timedelta(days=MONTH_DAYS)}


def _cells(run: CoverageRun | None) -> dict[int, dict[str, tuple[float | None, float | None, int | None]]]:
    cells: dict[int, dict[str, tuple[float | None, float | None, int | None]]] = {}
    if run is None:
        return cells
    for building_id, code, straight, walk, nearest in BuildingCoverage.objects.filter(run=run).values_list(
            "building_id", "category__code", "straight_m", "walk_m", "nearest_walk_id"):
        cells.setdefault(building_id, {})[code] = (straight, walk, nearest)
    return cells


def _status(straight: float | None, walk: float | None, run: CoverageRun) -> str:
    if walk is not None and walk <= run.params.get("walk_radius_m", 100.0):
        return "walk"
    if straight is not None and straight <= run.params.get("radius_m", 100.0):
        return "straight"
    return "none"


@dataclass(frozen=True)
class _Building:
    """The columns the map needs: plain rows are several times cheaper than model instances."""

    pk: int
    name: str
    group_id: int
    group_name: str
    lon: float
    lat: float
    footprint: list[list[float]] | None
    n: int
    people: int | None


def _building_feature(b: _Building, categories: list[ServiceCategory], cells: dict[str, Any], to: _Converter,
                      run: CoverageRun | None) -> dict[str, Any]:
    geometry: dict[str, Any] = ({"type": "Polygon", "coordinates": [to.line(b.footprint)]} if b.footprint
                                else {"type": "Point", "coordinates": to.point(b.lon, b.lat)})
    coverage = {}
    if run is not None:
        for c in categories:
            straight, walk, nearest = cells.get(c.code, (None, None, None))
            coverage[c.code] = {"status": _status(straight, walk, run), "straight_m": straight, "walk_m": walk,
                                "nearest_point": nearest}
    return _feature(geometry, id=b.pk, name=b.name, group=b.group_name, households=b.n, people=b.people or 0,
                    coverage=coverage)


def _group_features(community: Division, to: _Converter) -> list[dict[str, Any]]:
    groups = Division.objects.filter(parent=community, level=Level.GROUP).annotate(
        n=Count("households")).order_by("code")
    return [_feature({"type": "Point", "coordinates": to.point(g.lon, g.lat)}, code=g.code, name=g.name,
                     radius_m=g.radius_m, households=g.n)
            for g in groups if g.lon is not None and g.lat is not None]


def _point_features(community: Division, to: _Converter) -> list[dict[str, Any]]:
    points = ServicePoint.objects.filter(community=community).prefetch_related("categories").order_by("id")
    return [_feature({"type": "Point", "coordinates": to.point(p.lon, p.lat)}, id=p.pk, name=p.name,
                     categories=[c.code for c in p.categories.all()], opening_hours=p.opening_hours,
                     contact=" ".join(x for x in (p.contact_name, p.contact_phone) if x), active=p.active)
            for p in points]


# Groups are set this far apart before clustering, so no blind spot can reach across two groups.
_GROUP_SPACING_M = 100_000.0


def _blind_spots(community: Division, buildings: list[_Building], categories: list[ServiceCategory],
                 cells: dict[int, dict[str, Any]], to: _Converter) -> dict[str, Any]:
    """Per category: buildings not reached along the walkways, clustered into areas within each
    residents' group (clustering across groups would chain a whole street grid into one hull that
    also swallows the covered buildings between). One engine call per category: each group is moved
    far from the others first, and its polygons moved back after."""
    assert community.lon is not None and community.lat is not None
    if not buildings:
        return {}
    projection = projection_at(community.lon, community.lat)
    x, y = projection.forward(np.array([b.lon for b in buildings]), np.array([b.lat for b in buildings]))
    households = np.array([b.n for b in buildings], dtype=float)
    group_ids = sorted({b.group_id for b in buildings})
    slot = {g: i for i, g in enumerate(group_ids)}
    group_of = np.array([b.group_id for b in buildings])
    shift = np.array([slot[g] for g in group_of.tolist()], dtype=float) * _GROUP_SPACING_M
    names = {b.group_id: b.group_name for b in buildings}
    out = {}
    for c in categories:
        walk = np.array([cells.get(b.pk, {}).get(c.code, (None, None, None))[1] for b in buildings], dtype=float)
        uncovered = ~(walk <= 100.0)  # NaN (unreachable) counts as uncovered
        features = []
        for spot in blind_spots(x + shift, y, uncovered, weight=households, link_m=60.0, buffer_m=15.0):
            group_id = int(group_of[spot.households[0]])
            ring_x, ring_y = np.asarray(spot.polygon_m.exterior.coords).T
            lon, lat = projection.inverse(ring_x - slot[group_id] * _GROUP_SPACING_M, ring_y)
            ring = to.line([[a, b] for a, b in zip(lon.tolist(), lat.tolist(), strict=True)])
            features.append(_feature({"type": "Polygon", "coordinates": [ring]}, group=names[group_id],
                                     households=int(spot.people), buildings=spot.n_households,
                                     area_m2=round(spot.area_m2)))
        out[c.code] = _collection(features)
    return out


def _demand_features(community: Division, to: _Converter) -> list[dict[str, Any]]:
    """Where needs come from (以群众需求为导向): per residents' group, the legal topics its residents
    ordered, the legal needs they left and the consultations they asked for. Help requests and
    disputes join this layer when their apps exist."""
    from baimi.legal.models import LegalConsultation, LegalNeed, TopicOrder

    counts: dict[int, dict[str, int]] = {}
    for label, model in (("legal_orders", TopicOrder), ("legal_needs", LegalNeed),
                         ("consultations", LegalConsultation)):
        for group_id, n in (model.objects.filter(community=community, group__isnull=False)
                            .values_list("group").annotate(n=Count("id"))):
            counts.setdefault(group_id, {})[label] = n
    groups = Division.objects.in_bulk(list(counts))
    return [_feature({"type": "Point", "coordinates": to.point(g.lon, g.lat)}, group=g.name,
                     total=sum(counts[g.pk].values()), **counts[g.pk])
            for g in groups.values() if g.lon is not None and g.lat is not None]


def _connectivity(community: Division, to: _Converter) -> dict[str, Any]:
    """Which circles touch (圈圈相连), and the shortest gaps that keep the parts apart."""
    groups = [g for g in Division.objects.filter(parent=community, level=Level.GROUP).order_by("code")
              if g.lon is not None and g.lat is not None]
    if len(groups) < 2:
        return {"parts": len(groups), "links": _collection([]), "gaps": _collection([])}
    assert community.lon is not None and community.lat is not None
    projection = projection_at(community.lon, community.lat)
    x, y = projection.forward(np.array([g.lon for g in groups]), np.array([g.lat for g in groups]))
    radius = float(np.median([g.radius_m for g in groups]))
    result = circle_connectivity(x, y, radius_m=radius)
    x_lonlat = [(float(g.lon or 0.0), float(g.lat or 0.0)) for g in groups]  # all located: filtered above

    def segment(a: int, b: int) -> dict[str, Any]:
        return {"type": "LineString", "coordinates": [to.point(x_lonlat[a][0], x_lonlat[a][1]),
                                                      to.point(x_lonlat[b][0], x_lonlat[b][1])]}

    return {
        "parts": int(result.n_parts),
        "links": _collection([_feature(segment(int(a), int(b))) for a, b in result.edges.tolist()]),
        "gaps": _collection([_feature(segment(g.group_a, g.group_b), gap_m=round(g.gap_m, 1),
                                      between=[groups[g.group_a].name, groups[g.group_b].name])
                             for g in result.gaps]),
    }
