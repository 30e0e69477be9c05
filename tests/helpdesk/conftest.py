"""Help-request tests run at any hour: every demo staff member gets a round-the-clock shift (the
demo's own rosters follow office hours, and the suite must not depend on when it runs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from baimi.helpdesk.models import HelpCategory, HelpRequest


@pytest.fixture(autouse=True)
def _always_on_duty(request: pytest.FixtureRequest) -> None:
    if "db" not in request.fixturenames and request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    from baimi.places.models import DutyShift, Staff

    DutyShift.objects.bulk_create([DutyShift(staff=s, weekday=d, starts=dt.time(0), ends=dt.time(0))
                                   for s in Staff.objects.all() for d in range(7)])


@pytest.fixture
def category() -> HelpCategory:
    return HelpCategory.objects.get(code="elderly_care")


@pytest.fixture
def resident() -> Any:
    from baimi.accounts.models import User

    return User.objects.get(username="resident")


def submit(resident: Any, category: HelpCategory, text: str = "老人摔倒了，需要帮忙", **kw: Any) -> HelpRequest:
    from baimi.helpdesk.services import submit_help_request

    request, _ = submit_help_request(category=category, description=text, household=resident.household,
                                     reporter=resident, **kw)
    return request
