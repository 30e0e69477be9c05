"""Generating a community that looks real: groups, buildings, households, service points with
deliberate gaps, walkways, staff and rosters. Deterministic: the same seed gives the same community,
so tests and benchmarks can ask for any size (``households=200_000`` included).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import Avg

from baimi.geo.coords import LocalProjection
from baimi.places.demo.layout import Plan, PlannedBuilding, plan_community
from baimi.places.demo.names import person_name, person_names
from baimi.places.importing.fields import id_number_check_char
from baimi.places.models import (
    Building,
    Division,
    DutyShift,
    Household,
    Level,
    ServiceCategory,
    ServicePoint,
    Skill,
    Staff,
    Walkway,
)

BATCH = 5000
# Chance that a residents' group hosts its own point of each category; the rest rely on their
# neighbours' circles or are gaps — which is what the planning tools are for.
HOSTING_CHANCE = {"medical": 0.35, "books": 0.5, "children": 0.45, "mediation": 0.4}
POINT_NAMES = {
    "medical": ["家庭医生服务点", "卫生室"],
    "books": ["图书角", "农家书屋"],
    "children": ["儿童游乐场", "儿童之家"],
    "mediation": ["调解室", "法律服务点"],
}
OFFICE_HOURS = "Mo-Fr 10:00-14:00,16:00-19:30; Sa 10:00-14:00"
CLINIC_HOURS = "Mo-Su 09:30-20:00"


@dataclass(frozen=True)
class Generated:
    groups: int
    buildings: int
    households: int
    service_points: int
    staff: int


def group_code(community: Division, number: int) -> str:
    return f"{community.code}-{number:03d}"


@transaction.atomic
def generate_community(community: Division, *, households: int, seed: int = 20191028) -> Generated:
    """Replace everything below ``community`` with a generated community of ``households``."""
    if community.level != Level.COMMUNITY or community.lon is None or community.lat is None:
        raise ValueError(f"{community} must be a community with a centre point")
    if households < 1:
        raise ValueError("households must be at least 1")
    _clear(community)
    rng = np.random.default_rng(seed)
    plan = plan_community(households, rng)
    projection = LocalProjection(community.lon, community.lat)
    groups = _groups(community, plan, projection)
    buildings, flats = _buildings(community, plan, groups, projection)
    household_count = _households(community, buildings, flats, households, rng)
    groups = _settle_groups(community)
    points = _service_points(community, groups, projection, rng)
    _walkways(community, plan, projection)
    staff = _staff(community, groups, rng)
    return Generated(len(groups), len(buildings), household_count, points, staff)


def _clear(community: Division) -> None:
    """Remove the community's generated places and people. Other apps' records point at them (some
    with PROTECT, rightly), so each app with demo data removes its own first, through an AppConfig
    ``clear_demo_data(community)`` method, in reverse INSTALLED_APPS order."""
    from django.apps import apps

    from baimi.accounts.models import User

    for config in reversed(list(apps.get_app_configs())):
        clear = getattr(config, "clear_demo_data", None)
        if callable(clear):
            clear(community)
    groups = Division.objects.filter(parent=community, level=Level.GROUP)
    User.objects.filter(area__in=groups).delete()
    User.objects.filter(household__community=community).delete()
    Household.objects.filter(community=community).delete()
    Building.objects.filter(community=community).delete()
    ServicePoint.objects.filter(community=community).delete()
    Staff.objects.filter(community=community).delete()
    Walkway.objects.filter(community=community).delete()
    groups.delete()


def _to_lonlat(projection: LocalProjection, xs: list[float], ys: list[float]) -> list[tuple[float, float]]:
    lon, lat = projection.inverse(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))
    return list(zip(np.round(lon, 7).tolist(), np.round(lat, 7).tolist(), strict=True))


def _groups(community: Division, plan: Plan, projection: LocalProjection) -> list[Division]:
    groups = []
    for number, blocks in enumerate(plan.groups, start=1):
        xs = [b.x_m for block in blocks for b in block.buildings]
        ys = [b.y_m for block in blocks for b in block.buildings]
        ((lon, lat),) = _to_lonlat(projection, [sum(xs) / len(xs)], [sum(ys) / len(ys)])
        group = Division(code=group_code(community, number), name=f"第{number}居民小组", level=Level.GROUP,
                         parent=community, lon=lon, lat=lat)
        group.path = f"{community.path}{group.code}/"
        groups.append(group)
    Division.objects.bulk_create(groups)
    return list(Division.objects.filter(parent=community, level=Level.GROUP).order_by("code"))


def _buildings(community: Division, plan: Plan, groups: list[Division], projection: LocalProjection
               ) -> tuple[list[Building], list[PlannedBuilding]]:
    planned = [(group, b) for group, blocks in zip(groups, plan.groups, strict=True)
               for block in blocks for b in block.buildings]
    centres = _to_lonlat(projection, [b.x_m for _, b in planned], [b.y_m for _, b in planned])
    # All footprint corners in one projection call: per-building calls dominate at 200k households.
    corner_dx, corner_dy = np.array([-1, 1, 1, -1, -1]) / 2, np.array([-1, -1, 1, 1, -1]) / 2
    xs = np.array([b.x_m for _, b in planned])[:, None] + np.array([b.width_m for _, b in planned])[:, None] * corner_dx
    ys = np.array([b.y_m for _, b in planned])[:, None] + np.array([b.depth_m for _, b in planned])[:, None] * corner_dy
    corners = _to_lonlat(projection, xs.ravel().tolist(), ys.ravel().tolist())
    buildings = []
    for i, ((group, b), (lon, lat)) in enumerate(zip(planned, centres, strict=True), start=1):
        ring = [list(p) for p in corners[(i - 1) * 5:i * 5]]
        label = f"{b.street}{b.number}号" + ("楼" if b.kind == "flats" else "")
        buildings.append(Building(community=community, group=group, ref=f"B{i:05d}", name=label,
                                  address=label, lon=lon, lat=lat, footprint=ring, floors=b.floors))
    Building.objects.bulk_create(buildings, batch_size=BATCH)
    saved = list(Building.objects.filter(community=community).select_related("group").order_by("ref"))
    return saved, [b for _, b in planned]


def _households(community: Division, buildings: list[Building], plans: list[PlannedBuilding],
                target: int, rng: np.random.Generator) -> int:
    slots: list[tuple[Building, str]] = []
    for building, plan in zip(buildings, plans, strict=True):
        if plan.kind == "house":
            slots.append((building, building.name))
            continue
        slots.extend((building, f"{building.name}{unit}单元{floor}{flat:02d}室")
                     for unit in range(1, plan.units + 1) for floor in range(1, plan.floors + 1)
                     for flat in range(1, plan.flats_per_floor + 1))
    slots = slots[:target]
    n = len(slots)
    # Every random quantity drawn as one array: per-household draws dominate at 200k households.
    sizes = rng.choice([1, 2, 3, 4, 5, 6], size=n, p=[0.14, 0.30, 0.25, 0.18, 0.09, 0.04])
    alone = (sizes == 1) & (rng.random(n) < 0.45)
    disabled = rng.random(n) < 0.03
    children = np.where(sizes > 2, rng.binomial(np.maximum(sizes - 2, 0), 0.45), 0)
    born = np.datetime64("1940-01-01") + rng.integers(0, 365 * 60, size=n).astype("timedelta64[D]")
    born_text = np.datetime_as_string(born, unit="D")
    serial = rng.integers(0, 1000, size=n)
    phones = rng.choice(["139", "138", "150", "158", "180", "189", "199"], size=n)
    phone_tails = rng.integers(0, 10**8, size=n)
    names = person_names(rng, n)
    batch: list[Household] = []
    for i, (building, address) in enumerate(slots):
        first17 = f"654322{born_text[i].replace('-', '')}{serial[i]:03d}"
        batch.append(Household(
            community=community, group=building.group, building=building, ref=f"H{i + 1:06d}",
            address=address, size=int(sizes[i]), head_name=names[i], phone=f"{phones[i]}{phone_tails[i]:08d}",
            id_number=first17 + id_number_check_char(first17), elderly_alone=bool(alone[i]),
            disability=bool(disabled[i]), children=int(children[i]),
        ))
    Household.objects.bulk_create(batch, batch_size=BATCH)
    Building.objects.filter(community=community, households__isnull=True).delete()
    return n


def _settle_groups(community: Division) -> list[Division]:
    """Drop groups left without homes (the plan rounds up to whole blocks) and put each group's base
    point at the centre of the buildings it really has."""
    Division.objects.filter(parent=community, level=Level.GROUP, buildings__isnull=True).delete()
    groups = list(Division.objects.filter(parent=community, level=Level.GROUP).order_by("code")
                  .annotate(mean_lon=Avg("buildings__lon"), mean_lat=Avg("buildings__lat")))
    for group in groups:
        group.lon, group.lat = round(group.mean_lon, 7), round(group.mean_lat, 7)
    Division.objects.bulk_update(groups, ["lon", "lat"], batch_size=BATCH)
    return groups


def _service_points(community: Division, groups: list[Division], projection: LocalProjection,
                    rng: np.random.Generator) -> int:
    categories = {c.code: c for c in ServiceCategory.objects.filter(code__in=HOSTING_CHANCE)}
    short = community.name.removesuffix("居委会").removesuffix("社区")
    centre = groups[len(groups) // 2]
    clinic = groups[int(rng.integers(0, len(groups)))]
    assert None not in (centre.lon, centre.lat, clinic.lon, clinic.lat)  # generated groups are located
    points: list[tuple[ServicePoint, list[str]]] = [
        (ServicePoint(community=community, area=community, ref="P0001", name=f"{short}社区党群服务中心",
                      lon=centre.lon, lat=centre.lat, opening_hours=OFFICE_HOURS,  # type: ignore[misc]
                      contact_name="社区值班室", contact_phone="09068712345"), ["mediation", "books"]),
    ]
    points.append((ServicePoint(community=community, area=clinic, ref="P0002", name=f"{short}社区卫生服务站",
                                lon=clinic.lon, lat=clinic.lat, opening_hours=CLINIC_HOURS,  # type: ignore[misc]
                                contact_phone="09068712120"), ["medical"]))
    for group in groups:
        gx, gy = projection.forward(np.array([group.lon]), np.array([group.lat]))
        for code, chance in HOSTING_CHANCE.items():
            if rng.random() >= chance:
                continue
            angle, dist = rng.uniform(0, 2 * math.pi), rng.uniform(15, 70)
            ((lon, lat),) = _to_lonlat(projection, [float(gx[0]) + dist * math.cos(angle)],
                                      [float(gy[0]) + dist * math.sin(angle)])
            name = f"{group.name}{POINT_NAMES[code][int(rng.integers(0, 2))]}"
            points.append((ServicePoint(community=community, area=group, ref=f"P{len(points) + 1:04d}", name=name,
                                        lon=lon, lat=lat, opening_hours=OFFICE_HOURS if code != "children"
                                        else "Mo-Su 08:00-22:00"), [code]))
    ServicePoint.objects.bulk_create([p for p, _ in points], batch_size=BATCH)
    ids = dict(ServicePoint.objects.filter(community=community).values_list("ref", "id"))
    through = ServicePoint.categories.through
    through.objects.bulk_create([through(servicepoint_id=ids[p.ref], servicecategory_id=categories[c].pk)
                                 for p, codes in points for c in codes])
    return len(points)


def _walkways(community: Division, plan: Plan, projection: LocalProjection) -> None:
    ways = []
    for i, way in enumerate(plan.ways, start=1):
        coords = _to_lonlat(projection, [p[0] for p in way.points_m], [p[1] for p in way.points_m])
        ways.append(Walkway(community=community, ref=f"W{i:05d}", kind=way.kind, name=way.name,
                            coords=[list(c) for c in coords]))
    Walkway.objects.bulk_create(ways, batch_size=BATCH)


def _staff(community: Division, groups: list[Division], rng: np.random.Generator) -> int:
    skills = {s.code: s for s in Skill.objects.all()}
    people: list[tuple[Staff, list[str], list[tuple[int, str, str]]]] = []
    weekdays = [(d, "09:30", "19:30") for d in range(5)]
    every_day = [(d, "08:00", "22:00") for d in range(7)]
    for group in groups:
        people.append((Staff(community=community, home_base=group, name=person_name(rng),
                             role=Staff.Role.GRID_WORKER, lon=group.lon, lat=group.lat, capacity=2),
                       ["elderly_care", "repairs"], every_day))
    centre = groups[len(groups) // 2]
    for role, count, skill_codes, roster in [
        (Staff.Role.COMMUNITY_WORKER, 3, ["elderly_care", "mediation"], weekdays),
        (Staff.Role.LEGAL_ADVISER, 1, ["legal", "mediation"], [(1, "10:00", "14:00"), (3, "16:00", "19:30")]),
        (Staff.Role.MEDIATOR, 3, ["mediation"], weekdays),
        (Staff.Role.DOCTOR, 2, ["medical"], [(d, "09:30", "20:00") for d in range(7)]),
        (Staff.Role.VOLUNTEER, 4, ["elderly_care", "childcare"], [(5, "10:00", "18:00"), (6, "10:00", "18:00")]),
    ]:
        for _ in range(count):
            people.append((Staff(community=community, home_base=community, name=person_name(rng), role=role,
                                 lon=centre.lon, lat=centre.lat, capacity=3), skill_codes, roster))
    for staff, _, _ in people:
        staff.phone = f"1{rng.choice(['39', '58', '89'])}{int(rng.integers(0, 10**8)):08d}"
    Staff.objects.bulk_create([p[0] for p in people], batch_size=BATCH)
    saved = list(Staff.objects.filter(community=community).order_by("id"))
    through = Staff.skills.through
    through.objects.bulk_create([through(staff_id=s.pk, skill_id=skills[c].pk)
                                 for s, (_, codes, _) in zip(saved, people, strict=True) for c in codes])
    DutyShift.objects.bulk_create([
        DutyShift(staff=s, weekday=d, starts=dt.time.fromisoformat(a), ends=dt.time.fromisoformat(b))
        for s, (_, _, roster) in zip(saved, people, strict=True) for d, a, b in roster
    ], batch_size=BATCH)
    return len(saved)
