"""Two people pressing the same button at once: a case moves once (row lock in ``move``), and cases
registered at the same moment get different numbers.

Needs a real server with row locks: runs on PostgreSQL, skips on SQLite (which serialises writers)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")]

RACERS = 6


def _community() -> Any:
    from baimi.places.models import Division

    parent = None
    for code, level in (("659900000000", "prefecture"), ("659901000000", "county"), ("659901001000", "town"),
                        ("659901001001", "community")):
        parent, _ = Division.objects.get_or_create(code=code, defaults={"name": f"并发测试{level}", "level": level,
                                                                        "parent": parent})
    return parent


def _case(community: Any) -> Any:
    from baimi.mediation import services

    return services.case_open(community=community, title="并发", dispute_type="other", facts="…",
                              source="application", by=None,
                              parties=[{"side": "applicant", "name": "甲"}, {"side": "respondent", "name": "乙"}])


def _race(work: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(RACERS)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(work(i))
        except BaseException as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def test_a_case_closed_by_several_people_at_once_moves_once() -> None:
    from baimi.mediation.models import Case, Committee, Mediator, Move
    from baimi.mediation.states import MoveRefused, State, move

    community = _community()
    committee = Committee.objects.create(community=community, name="并发调委会", term_starts=timezone.localdate(),
                                         term_ends=timezone.localdate() + dt.timedelta(days=1000))
    Mediator.objects.create(committee=committee, name="调解员", kind="member", position="chair", gender="female")
    case = _case(community)
    Case.objects.filter(pk=case.pk).update(state=State.PERFORMED)

    results, errors = _race(lambda i: move(Case.objects.get(pk=case.pk), State.CLOSED, None, racer=i))
    assert len(results) == 1 and len(errors) == RACERS - 1
    assert all(isinstance(error, MoveRefused) for error in errors)
    assert Move.objects.filter(case=case, to_state=State.CLOSED).count() == 1


def test_cases_registered_at_once_get_different_numbers() -> None:
    from baimi.mediation.models import Case

    community = _community()
    results, errors = _race(lambda i: _case(community).number)
    assert not errors and len(set(results)) == RACERS
    assert Case.objects.filter(community=community).count() == RACERS
