"""Turning validated records into unsaved model instances, one builder per kind of file.

A builder returns ``(instances, errors)``; it never writes. ``run_import`` writes only when every
record of the file is good.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from baimi.places.importing import fields as f
from baimi.places.importing.readers import Record
from baimi.places.models import Building, Division, Household, Level, ServiceCategory, ServicePoint


@dataclass
class Context:
    """What every builder needs: the community and lookups of what already exists in it."""

    community: Division
    groups: dict[str, Division]  # by code and by name
    buildings: dict[str, Building] = field(default_factory=dict)  # by ref
    categories: dict[str, ServiceCategory] = field(default_factory=dict)  # by code and names

    def group(self, value: str) -> Division:
        group = self.groups.get(value.strip())
        if group is None:
            raise ValueError(f"group: no residents' group {value!r} in {self.community.name}")
        return group


Builder = Callable[[Record, Context], Any]


def build_building(record: Record, ctx: Context) -> Building:
    fields = record.fields
    return Building(
        community=ctx.community,
        group=ctx.group(f.required(fields, "group")),
        ref=f.required(fields, "ref"),
        name=fields.get("name") or fields["ref"],
        address=fields.get("address", ""),
        lon=_coordinate(record.lon, "lon"),
        lat=_coordinate(record.lat, "lat"),
        footprint=record.ring,
        floors=f.integer(fields.get("floors", ""), "floors", low=1, high=120, default=1),
    )


def build_household(record: Record, ctx: Context) -> Household:
    fields = record.fields
    building: Building | None = None
    if ref := fields.get("building", ""):
        building = ctx.buildings.get(ref)
        if building is None:
            raise ValueError(f"building: no building {ref!r} in {ctx.community.name} (import buildings first)")
    group = ctx.group(fields["group"]) if fields.get("group") else (building.group if building else None)
    if group is None:
        raise ValueError("group: required when no building is given")
    if building is None and (record.lon is None or record.lat is None):
        raise ValueError("lon/lat: required when no building is given")
    return Household(
        community=ctx.community,
        group=group,
        building=building,
        ref=f.required(fields, "ref"),
        address=f.required(fields, "address"),
        size=f.integer(fields.get("size", ""), "size", low=1, high=30, default=1),
        head_name=fields.get("head_name", ""),
        phone=f.phone(fields.get("phone", "")),
        id_number=f.id_number(fields.get("id_number", "")),
        lon=record.lon,
        lat=record.lat,
        elderly_alone=f.boolean(fields.get("elderly_alone", ""), "elderly_alone"),
        disability=f.boolean(fields.get("disability", ""), "disability"),
        children=f.integer(fields.get("children", ""), "children", low=0, high=20, default=0),
    )


def build_service_point(record: Record, ctx: Context) -> tuple[ServicePoint, list[ServiceCategory]]:
    fields = record.fields
    names = [n for n in re.split(r"[;,，、|]", f.required(fields, "categories")) if n.strip()]
    categories = []
    for name in names:
        category = ctx.categories.get(name.strip().lower())
        if category is None:
            raise ValueError(f"categories: unknown service category {name.strip()!r}")
        categories.append(category)
    area_code = fields.get("area") or fields.get("group") or ""
    area = ctx.group(area_code) if area_code and area_code != ctx.community.code else ctx.community
    point = ServicePoint(
        community=ctx.community,
        area=area,
        ref=f.required(fields, "ref"),
        name=f.required(fields, "name"),
        lon=_coordinate(record.lon, "lon"),
        lat=_coordinate(record.lat, "lat"),
        address=fields.get("address", ""),
        opening_hours=fields.get("opening_hours", ""),
        contact_name=fields.get("contact_name", ""),
        contact_phone=f.phone(fields.get("contact_phone", ""), "contact_phone"),
        active=f.boolean(fields.get("active", "1"), "active"),
    )
    return point, categories


def _coordinate(value: float | None, column: str) -> float:
    if value is None:
        raise ValueError(f"{column}: required")
    return value


def load_context(community: Division, *, with_buildings: bool = False) -> Context:
    groups: dict[str, Division] = {}
    for group in Division.objects.filter(parent=community, level=Level.GROUP):
        groups[group.code] = group
        groups.setdefault(group.name, group)
    ctx = Context(community, groups)
    if with_buildings:
        ctx.buildings = {b.ref: b for b in Building.objects.filter(community=community).select_related("group")}
    for category in ServiceCategory.objects.all():
        for key in (category.code, category.name_zh, category.name_en.lower()):
            ctx.categories[key.lower()] = category
    return ctx
