from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _always_on_duty(request: pytest.FixtureRequest) -> None:
    """Dispatch after a POST must not depend on the hour the suite runs."""
    if "db" not in request.fixturenames and request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    from baimi.places.models import DutyShift, Staff

    DutyShift.objects.bulk_create([DutyShift(staff=s, weekday=d, starts=dt.time(0), ends=dt.time(0))
                                   for s in Staff.objects.all() for d in range(7)])


@pytest.fixture
def api_key(demo: Any) -> str:
    from baimi.open311.models import ApiKey

    return ApiKey.issue(name="kiosk", community=demo.community)[1]
