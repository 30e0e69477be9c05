"""Sign-ups racing for the last places never overfill a date (row lock on the occurrence).

Needs a real server with row locks: runs on PostgreSQL, skips on SQLite (which serialises writers
and so cannot overfill, but cannot run this many concurrent writers from threads either)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 8
PLACES = 3


def _world() -> tuple[Any, list[Any]]:
    from baimi.places.models import Division
    from baimi.volunteers import services
    from baimi.volunteers.models import ActivityType
    from baimi.volunteers.reference import ensure_activity_types

    ensure_activity_types()  # a transactional test may run after a flush
    parent = None
    for code, level in (("659900000000", "prefecture"), ("659901000000", "county"), ("659901001000", "town"),
                        ("659901001001", "community")):
        parent, _ = Division.objects.get_or_create(code=code, defaults={"name": f"并发测试{level}", "level": level,
                                                                        "parent": parent})
    assert parent is not None
    team = services.team_create(created_by=None, name="并发测试队", area=parent)
    activity = services.activity_create(
        created_by=None, team=team, type=ActivityType.objects.get(code="other"), title="抢报名",
        starts=timezone.now() + dt.timedelta(days=1), needed=PLACES)
    services.activity_open(activity=activity, opened_by=None)
    volunteers = [services.volunteer_register(registered_by=None, community=parent, real_name=f"志愿者{i}")
                  for i in range(RACERS)]
    return activity.occurrences.get(), volunteers


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_concurrent_sign_ups_fill_exactly_the_places_and_queue_the_rest() -> None:
    from baimi.volunteers import services

    occurrence, volunteers = _world()
    barrier = threading.Barrier(RACERS)
    errors: list[BaseException] = []

    def race(volunteer: Any) -> None:
        try:
            barrier.wait(timeout=10)
            services.signup_create(occurrence=occurrence, volunteer=volunteer)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=(v,)) for v in volunteers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    statuses = sorted(occurrence.signups.values_list("status", flat=True))
    assert statuses.count("confirmed") == PLACES and statuses.count("waiting") == RACERS - PLACES
