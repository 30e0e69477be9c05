"""Requests dispatched at the same moment never book a person beyond their capacity (a row lock on
the staff member while their load is counted).

Needs a real server with row locks: runs on PostgreSQL, skips on SQLite (which serialises writers)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 8
CAPACITY = 2


def _world() -> tuple[Any, Any, Any]:
    from baimi.helpdesk.models import HelpCategory
    from baimi.places.models import Division, DutyShift, Skill, Staff

    parent = None
    for code, level in (("659900000000", "prefecture"), ("659901000000", "county"), ("659901001000", "town"),
                        ("659901001001", "community"), ("659901001001-001", "group")):
        parent, _ = Division.objects.get_or_create(code=code, defaults={
            "name": f"并发测试{level}", "level": level, "parent": parent, "lon": 88.1, "lat": 47.0})
    assert parent is not None and parent.parent is not None
    skill = Skill.objects.create(code="race", name_zh="抢单", name_en="race")
    category = HelpCategory.objects.create(code="race", name_zh="抢单", name_en="race", skill=skill)
    staff = Staff.objects.create(community=parent.parent, home_base=parent, name="唯一的人", role="grid_worker",
                                 lon=88.1001, lat=47.0001, capacity=CAPACITY)
    staff.skills.add(skill)
    DutyShift.objects.bulk_create([DutyShift(staff=staff, weekday=d, starts=dt.time(0), ends=dt.time(0))
                                   for d in range(7)])
    return category, parent, staff


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_concurrent_dispatch_never_books_beyond_capacity(monkeypatch: pytest.MonkeyPatch) -> None:
    from baimi.helpdesk import services
    from baimi.helpdesk.models import HelpRequest, Offer
    from baimi.helpdesk.services import submit_help_request

    category, group, staff = _world()
    counted = services.staff_load

    def slow_load(staff_id: int) -> int:
        load = counted(staff_id)
        time.sleep(0.05)  # widen the gap between counting and booking, where a race would slip in
        return load

    monkeypatch.setattr(services, "staff_load", slow_load)
    barrier = threading.Barrier(RACERS)
    errors: list[BaseException] = []

    def race(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            submit_help_request(category=category, description=f"第{i}个", group=group, lon=88.1, lat=47.0)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=(i,)) for i in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert HelpRequest.objects.filter(category=category).count() == RACERS  # every request kept
    assert Offer.objects.filter(staff=staff, status=Offer.Status.PENDING).count() == CAPACITY
    waiting = HelpRequest.objects.filter(category=category, status=HelpRequest.Status.NEW).count()
    assert waiting == RACERS - CAPACITY  # the rest wait for the tick, the ladder, or a free person


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")
def test_concurrent_retries_with_one_idempotency_key_make_one_request() -> None:
    from baimi.helpdesk.models import HelpRequest
    from baimi.helpdesk.services import submit_help_request

    category, group, _staff = _world()
    barrier = threading.Barrier(RACERS)
    made: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def retry() -> None:
        try:
            barrier.wait(timeout=10)
            request, created = submit_help_request(category=category, description="同一个", group=group,
                                                   lon=88.1, lat=47.0, idempotency_key="open311:1:same")
            made.append((request.pk, created))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=retry) for _ in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert HelpRequest.objects.filter(idempotency_key="open311:1:same").count() == 1
    assert len({pk for pk, _ in made}) == 1 and sum(created for _, created in made) == 1
