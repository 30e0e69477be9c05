"""Volunteer fixtures on top of the shared demo world: a team of the demo community with three
volunteers (one of them the resident persona, one its leader), and one volunteer next door."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def vworld(db: Any, demo: Any) -> Any:
    from baimi.accounts.models import User
    from baimi.places.models import Skill
    from baimi.volunteers import services

    worker = User.objects.get(username="worker")
    resident = User.objects.get(username="resident")
    elderly = Skill.objects.get(code="elderly_care")

    def register(name: str, group: Any, **kw: Any) -> Any:
        return services.volunteer_register(registered_by=worker, community=group.parent, group=group,
                                           real_name=name, phone="13912345678", **kw)

    class World:
        me = services.volunteer_register(registered_by=resident, user=resident, community=demo.community,
                                         group=demo.groups[0], real_name="王芳", phone="13800001111",
                                         id_number="654322199001011234", skills=[elderly])
        party = register("李建国", demo.groups[1], kind="party_member", skills=[elderly])
        league = register("张明", demo.groups[1], kind="league_member")
        next_door = register("阿依古丽", demo.neighbour_groups[0])
        team = services.team_create(created_by=worker, name="赛尔江东路志愿服务队", area=demo.community)
        other_team = services.team_create(created_by=worker, name="赛尔江西路志愿服务队", area=demo.neighbour)

    for v in (World.me, World.league):
        services.team_add_member(added_by=worker, team=World.team, volunteer=v)
    services.team_add_member(added_by=worker, team=World.team, volunteer=World.party, is_leader=True)
    services.team_add_member(added_by=worker, team=World.other_team, volunteer=World.next_door, is_leader=True)
    return World


@pytest.fixture
def make_open_date(vworld: Any) -> Any:
    """``make_open_date(needed=2, starts=…)`` → an open one-off activity's single date (default:
    started half an hour ago, two hours long, so check-in works now)."""
    import datetime as dt

    from django.utils import timezone

    from baimi.volunteers import services
    from baimi.volunteers.models import ActivityType

    def make(needed: int = 2, starts: Any = None, **kw: Any) -> Any:
        activity = services.activity_create(
            created_by=None, team=vworld.team, type=ActivityType.objects.get(code="elderly_visit"),
            title=kw.pop("title", "探访独居老人"), starts=starts or timezone.now() - dt.timedelta(minutes=30),
            duration_minutes=120, needed=needed, **kw)
        services.activity_open(activity=activity, opened_by=None)
        return activity.occurrences.get()

    return make
