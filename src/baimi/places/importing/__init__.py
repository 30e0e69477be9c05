"""Importing buildings, households and service points from CSV or GeoJSON, all or nothing.

``run_import`` reads the whole file, converts coordinates to WGS-84, validates every record and
only then writes, in one transaction. A file with any bad record is rejected whole with every
problem listed as ``file:line: reason``; the database is left exactly as it was. Rows are keyed by
``ref`` within the community, so importing a corrected file again updates rather than duplicates.
The column names are documented in ``docs/importing.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.db import transaction

from baimi.geo.coords import haversine_m, to_wgs84
from baimi.places.importing import kinds
from baimi.places.importing.errors import ImportRejected, RowError
from baimi.places.importing.readers import Record, read_records
from baimi.places.models import Building, Division, Household, Level, ServicePoint

__all__ = ["KINDS", "ImportRejected", "ImportResult", "RowError", "run_import"]

KINDS = ("buildings", "households", "service_points")

# Mainland China's extent, generously: a point outside is a typing error or swapped lon/lat.
CHINA_LON = (73.0, 136.0)
CHINA_LAT = (3.0, 54.0)
# A record more than this far from its community's centre is almost surely in the wrong system.
MAX_FROM_COMMUNITY_M = 30_000.0

_UPDATE_FIELDS = {
    "buildings": ["group", "name", "address", "lon", "lat", "footprint", "floors"],
    "households": ["group", "building", "address", "size", "head_name", "phone", "id_number", "lon", "lat",
                   "elderly_alone", "disability", "children"],
    "service_points": ["area", "name", "lon", "lat", "address", "opening_hours", "contact_name",
                       "contact_phone", "active"],
}


@dataclass(frozen=True)
class ImportResult:
    kind: str
    file: str
    rows: int


def run_import(kind: str, path: Path | str, *, community_code: str, crs: str = "WGS84",
               user: Any = None) -> ImportResult:
    """Import one file of ``kind`` into the community ``community_code``; see the module docstring.

    Raises ``ImportRejected`` (nothing written) when the file or any record in it is bad.
    """
    path = Path(path)
    name = path.name
    if kind not in KINDS:
        raise ImportRejected([RowError(name, None, f"unknown kind {kind!r}; one of {', '.join(KINDS)}")])
    community = Division.objects.filter(code=community_code, level=Level.COMMUNITY).first()
    if community is None:
        raise ImportRejected([RowError(name, None, f"no community with code {community_code!r}")])
    try:
        to_wgs84(0.0, 0.0, crs)
    except ValueError as exc:
        raise ImportRejected([RowError(name, None, str(exc))]) from None
    records = read_records(path)
    _convert_coordinates(records, crs, community)
    ctx = kinds.load_context(community, with_buildings=kind == "households")
    built, errors = _build_all(kind, records, ctx, name)
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        _write(kind, built, community)
        if user is not None:
            from baimi.accounts import audit

            audit.record(action="import", user=user, area_path=community.path, object_type=kind,
                         file=name, rows=len(built))
    return ImportResult(kind, name, len(built))


def _convert_coordinates(records: list[Record], crs: str, community: Division) -> None:
    located = [r for r in records if r.lon is not None and r.lat is not None and not r.problems]
    for r in located:
        assert r.lon is not None and r.lat is not None
        if not (CHINA_LON[0] <= r.lon <= CHINA_LON[1] and CHINA_LAT[0] <= r.lat <= CHINA_LAT[1]):
            r.problems.append(f"coordinates ({r.lon}, {r.lat}) are outside China: lon and lat swapped?")
    located = [r for r in located if not r.problems]
    if not located:
        return
    lon, lat = to_wgs84(np.array([r.lon for r in located]), np.array([r.lat for r in located]), crs)
    for r, x, y in zip(located, lon.tolist(), lat.tolist(), strict=True):
        r.lon, r.lat = x, y
        if r.ring is not None:
            ring_lon, ring_lat = to_wgs84(np.array([p[0] for p in r.ring]), np.array([p[1] for p in r.ring]), crs)
            r.ring = [[a, b] for a, b in zip(ring_lon.tolist(), ring_lat.tolist(), strict=True)]
    if community.lon is not None and community.lat is not None:
        far_m = haversine_m(community.lon, community.lat, lon, lat)
        for r, d in zip(located, far_m.tolist(), strict=True):
            if d > MAX_FROM_COMMUNITY_M:
                r.problems.append(
                    f"{d / 1000:.1f} km from {community.name}: wrong coordinate system (--crs) or community?"
                )


def _build_all(kind: str, records: list[Record], ctx: kinds.Context, name: str
               ) -> tuple[list[Any], list[RowError]]:
    builder = {
        "buildings": kinds.build_building,
        "households": kinds.build_household,
        "service_points": kinds.build_service_point,
    }[kind]
    built: list[Any] = []
    errors: list[RowError] = []
    first_line_of_ref: dict[str, int] = {}
    if not records:
        errors.append(RowError(name, None, "no records in the file"))
    for record in records:
        errors.extend(RowError(name, record.line, p) for p in record.problems)
        if record.problems:
            continue
        ref = record.fields.get("ref", "")
        if ref in first_line_of_ref:
            errors.append(RowError(name, record.line, f"ref {ref!r} already on line {first_line_of_ref[ref]}"))
            continue
        first_line_of_ref[ref] = record.line
        try:
            built.append(builder(record, ctx))
        except ValueError as exc:
            errors.append(RowError(name, record.line, str(exc)))
    return built, errors


def _write(kind: str, built: list[Any], community: Division) -> None:
    model = {"buildings": Building, "households": Household, "service_points": ServicePoint}[kind]
    instances = [b[0] for b in built] if kind == "service_points" else built
    model.objects.bulk_create(  # type: ignore[attr-defined]
        instances, batch_size=2000, update_conflicts=True, unique_fields=["community", "ref"],
        update_fields=_UPDATE_FIELDS[kind],
    )
    if kind == "service_points":
        ids = dict(ServicePoint.objects.filter(community=community, ref__in=[p.ref for p in instances])
                   .values_list("ref", "id"))
        through = ServicePoint.categories.through
        through.objects.filter(servicepoint_id__in=ids.values()).delete()
        through.objects.bulk_create([
            through(servicepoint_id=ids[point.ref], servicecategory_id=category.pk)
            for point, categories in built for category in categories
        ])
