from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from baimi.places.models import Division, DutyShift, Staff

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _staff_with_shift(demo: Any, weekday: int, starts: str, ends: str) -> Staff:
    staff = Staff.objects.create(community=demo.community, home_base=demo.groups[0], name="值班员",
                                 role=Staff.Role.GRID_WORKER)
    DutyShift.objects.create(staff=staff, weekday=weekday, starts=dt.time.fromisoformat(starts),
                             ends=dt.time.fromisoformat(ends))
    return staff


def test_a_day_shift_is_on_duty_inside_its_hours_only(demo: Any) -> None:
    staff = _staff_with_shift(demo, 0, "09:00", "18:00")  # Monday
    monday = dt.datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)
    assert staff in Staff.objects.on_duty(monday)
    assert staff not in Staff.objects.on_duty(monday.replace(hour=18, minute=0))
    assert staff not in Staff.objects.on_duty(monday + dt.timedelta(days=1))


def test_an_overnight_shift_runs_past_midnight(demo: Any) -> None:
    staff = _staff_with_shift(demo, 4, "22:00", "06:00")  # Friday night
    friday_late = dt.datetime(2026, 12, 4, 23, 30, tzinfo=SHANGHAI)
    saturday_early = dt.datetime(2026, 12, 5, 5, 0, tzinfo=SHANGHAI)
    assert staff in Staff.objects.on_duty(friday_late)
    assert staff in Staff.objects.on_duty(saturday_early)
    assert staff not in Staff.objects.on_duty(saturday_early.replace(hour=7))


def test_on_duty_takes_utc_times(demo: Any) -> None:
    staff = _staff_with_shift(demo, 0, "09:00", "18:00")
    assert staff in Staff.objects.on_duty(dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC))  # 10:00 local


def test_a_new_group_gets_its_path_and_the_default_radius(demo: Any) -> None:
    group = Division.objects.create(code=f"{demo.community.code}-900", name="新小组", level="group",
                                    parent=demo.community)
    assert group.path == f"{demo.community.path}{group.code}/" and group.radius_m == 100
    assert demo.community.contains(group) and not demo.neighbour.contains(group)
