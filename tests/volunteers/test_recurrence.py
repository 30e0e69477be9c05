"""RFC 5545 rules in local time: the 逢8 pattern, UNTIL, exceptions, guards."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from baimi.volunteers import recurrence

SH = ZoneInfo("Asia/Shanghai")


def test_feng8_falls_on_the_8th_18th_and_28th_including_february() -> None:
    starts = recurrence.first_start(recurrence.FENG8, dt.datetime(2027, 1, 1, 9, 30, tzinfo=SH))
    dates = recurrence.expand(starts=starts, rule=recurrence.FENG8, until=dt.datetime(2027, 12, 31, tzinfo=SH))
    assert len(dates) == 36
    assert {d.day for d in dates} == {8, 18, 28}
    assert dt.datetime(2027, 2, 28, 9, 30, tzinfo=SH) in dates
    assert all((d.hour, d.minute) == (9, 30) for d in dates)


def test_the_start_moves_to_the_rules_first_date() -> None:
    first = recurrence.first_start(recurrence.FENG8, dt.datetime(2027, 3, 9, 9, 0, tzinfo=SH))
    assert first == dt.datetime(2027, 3, 18, 9, 0, tzinfo=SH)


def test_a_local_until_date_is_stored_in_utc_and_includes_that_day() -> None:
    rule = recurrence.normalize_rule("freq=weekly;byday=sa;until=20270327")
    assert rule == "FREQ=WEEKLY;BYDAY=SA;UNTIL=20270327T155959Z"
    dates = recurrence.expand(starts=dt.datetime(2027, 3, 6, 10, tzinfo=SH), rule=rule)
    assert [d.day for d in dates] == [6, 13, 20, 27]


def test_exceptions_are_left_out() -> None:
    dates = recurrence.expand(starts=dt.datetime(2027, 3, 8, 9, tzinfo=SH), rule=recurrence.FENG8 + ";COUNT=3",
                              exdates=["2027-03-18T09:00"])
    assert [d.day for d in dates] == [8, 28]


@pytest.mark.parametrize("bad", ["FREQ=HOURLY", "FREQ=WEEKLY;BYDAY=XX", "WEEKLY", "FREQ=WEEKLY;UNTIL=2027"])
def test_bad_or_too_frequent_rules_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        recurrence.normalize_rule(bad)


def test_an_open_ended_series_stops_at_the_horizon() -> None:
    dates = recurrence.expand(starts=dt.datetime(2027, 1, 1, 8, tzinfo=SH), rule="FREQ=DAILY")
    assert len(dates) == recurrence.HORIZON.days + 1
