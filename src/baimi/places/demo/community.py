"""The demo: 赛尔江东路社区 of 库额尔齐斯镇, 富蕴县, at its real place, with one user per role, and its
western neighbour 赛尔江西路社区 with a community worker of its own, so that a visitor can see
area scoping at work (each sees only their own community)."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction

from baimi.accounts.models import User
from baimi.accounts.roles import Role
from baimi.geo.coords import LocalProjection
from baimi.places.demo.generate import Generated, generate_community
from baimi.places.importing.divisions import import_division_points, import_divisions
from baimi.places.models import Division, Household, Level, Staff
from baimi.places.reference import ensure_reference_data

DEMO_COMMUNITY = "654322100005"  # 赛尔江东路居委会, the community the article names
NEIGHBOUR_COMMUNITY = "654322100002"  # 赛尔江西路居委会
TOWN = "654322100000"  # 库额尔齐斯镇, seat of 富蕴县
COUNTY = "654322000000"
PREFECTURE = "654300000000"
DEMO_PASSWORD = "baimi-demo-2026"
# No survey point exists for the two communities; the town centre does (altay-places.csv). They
# are laid out east and west of it along 赛尔江路, as the names say: plausible, not surveyed.
COMMUNITY_OFFSETS_M = {DEMO_COMMUNITY: (700.0, 0.0), NEIGHBOUR_COMMUNITY: (-900.0, 50.0)}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    area: str


def ensure_divisions() -> None:
    ensure_reference_data()
    if not Division.objects.filter(code=DEMO_COMMUNITY).exists():
        import_divisions()
        import_division_points()


def place_community(code: str) -> Division:
    """Give a community a centre point offset from its town's, if it has none yet."""
    community = Division.objects.get(code=code)
    if community.lon is None:
        town = community.parent
        assert town is not None and town.lon is not None and town.lat is not None
        dx, dy = COMMUNITY_OFFSETS_M.get(code, (0.0, 0.0))
        lon, lat = LocalProjection(town.lon, town.lat).inverse(dx, dy)
        community.lon, community.lat = round(float(lon), 7), round(float(lat), 7)
        community.save(update_fields=["lon", "lat"])
    return community


def build_demo(*, households: int = 2000, seed: int = 20191028) -> Generated:
    ensure_divisions()
    demo = place_community(DEMO_COMMUNITY)
    neighbour = place_community(NEIGHBOUR_COMMUNITY)
    generated = generate_community(demo, households=households, seed=seed)
    generate_community(neighbour, households=max(50, households // 10), seed=seed + 1)
    create_demo_users(demo, neighbour)
    # Analysed, not just loaded: the circle tables show walking coverage from the first page on.
    from baimi.circles.services import coverage_run_create

    for community in (demo, neighbour):
        coverage_run_create(community=community)
    _other_apps_demo_data(demo)
    return generated


def _other_apps_demo_data(demo: Division) -> None:
    """Each app with demo data of its own gives its AppConfig a ``demo_data(community)`` method; they
    run in INSTALLED_APPS order, after the places, users and coverage above exist, so an app may use
    an earlier app's demo data (mediation's case starts as a help request)."""
    for config in apps.get_app_configs():
        load = getattr(config, "demo_data", None)
        if callable(load):
            load(demo)


@transaction.atomic
def create_demo_users(demo: Division, neighbour: Division) -> list[DemoUser]:
    first_group = Division.objects.filter(parent=demo, level=Level.GROUP).order_by("code").first()
    assert first_group is not None
    household = Household.objects.filter(group=first_group).order_by("ref").first()
    town = Division.objects.get(code=TOWN)
    specs: list[tuple[str, str, Division | None, str]] = [
        ("resident", Role.RESIDENT, first_group, household.head_name if household else "居民"),
        ("grid", Role.GRID_WORKER, first_group, ""),
        ("worker", Role.COMMUNITY_WORKER, demo, "社区工作者"),
        ("adviser", Role.LEGAL_ADVISER, demo, "法律顾问"),
        ("mediator", Role.MEDIATOR, demo, "人民调解员"),
        ("volunteer", Role.VOLUNTEER_LEADER, demo, "志愿服务队长"),
        ("town", Role.TOWN_OFFICER, town, "镇政法委"),
        ("county", Role.COUNTY_OFFICER, Division.objects.get(code=COUNTY), "县司法局"),
        ("prefecture", Role.PREFECTURE_OFFICER, Division.objects.get(code=PREFECTURE), "地区政法委"),
        ("admin", Role.ADMINISTRATOR, None, "系统管理员"),
        ("auditor", Role.AUDITOR, None, "审计员"),
        ("outsider", Role.COMMUNITY_WORKER, neighbour, "赛尔江西路社区工作者"),
    ]
    # One hash for all twelve: PBKDF2 is slow by design (0.6 s each), and the demo password is
    # printed for everyone anyway, so a shared salt gives away nothing.
    password_hash = make_password(DEMO_PASSWORD)
    created = []
    for username, role, area, display in specs:
        User.objects.filter(username=username).delete()
        user = User(username=username, role=role, area=area, display_name=display)
        if role == Role.RESIDENT:
            user.household = household
        user.password = password_hash
        user.full_clean(exclude=["password"])
        user.save()
        created.append(DemoUser(username, str(user.get_role_display()), area.name if area else "全部 / all"))
    grid_staff = Staff.objects.filter(home_base=first_group, role=Staff.Role.GRID_WORKER).first()
    if grid_staff is not None:
        grid_staff.user = User.objects.get(username="grid")
        grid_staff.save(update_fields=["user"])
        User.objects.filter(username="grid").update(display_name=grid_staff.name)
    return created
