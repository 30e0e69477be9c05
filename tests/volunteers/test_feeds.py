"""Calendar feeds read by a third-party iCalendar library and expanded by another (as calendar
clients do): the dates they give are exactly the platform's open dates; the links are secret."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.urls import reverse

from baimi.volunteers import recurrence, services
from baimi.volunteers.models import ActivityType, Team, Volunteer

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


@pytest.fixture
def feng8(vworld: Any) -> Any:
    activity = services.activity_create(
        created_by=None, team=vworld.team, type=ActivityType.objects.get(code="sanitation"),
        title="逢8环境整治", starts=dt.datetime(2027, 1, 1, 9, 30, tzinfo=SH), rrule=recurrence.FENG8 + ";COUNT=12",
        duration_minutes=90)
    services.activity_open(activity=activity, opened_by=None)
    services.occurrence_cancel(occurrence=activity.occurrences.get(starts=dt.datetime(2027, 2, 18, 9, 30, tzinfo=SH)),
                               cancelled_by=None)
    return activity


def _expanded(body: bytes) -> list[dt.datetime]:
    calendar = icalendar.Calendar.from_ical(body)
    events = recurring_ical_events.of(calendar).between(dt.datetime(2026, 12, 1, tzinfo=SH),
                                                        dt.datetime(2028, 1, 1, tzinfo=SH))
    return sorted(e["DTSTART"].dt for e in events)


def test_the_team_feed_expands_to_the_open_dates(feng8: Any, vworld: Any, client: Any) -> None:
    response = client.get(reverse("volunteers:team_feed", args=[vworld.team.feed_key]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    assert b"VTIMEZONE" in body and b"RRULE:FREQ=MONTHLY;COUNT=12;BYMONTHDAY=8,18,28" in body.replace(b"\r\n ", b"")
    expected = sorted(o.starts for o in feng8.occurrences.filter(cancelled=False))
    assert len(expected) == 11
    got = _expanded(body)
    assert got == expected
    assert all(d.tzinfo is not None and d.astimezone(SH).hour == 9 for d in got)


def test_drafts_stay_out_and_the_volunteer_feed_holds_their_teams(feng8: Any, vworld: Any, client: Any) -> None:
    services.activity_create(created_by=None, team=vworld.team, type=ActivityType.objects.get(code="other"),
                             title="草稿活动", starts=dt.datetime(2027, 5, 1, 9, tzinfo=SH))
    body = client.get(reverse("volunteers:volunteer_feed", args=[vworld.me.feed_key])).content
    assert "逢8环境整治".encode() in body and "草稿活动".encode() not in body
    assert vworld.me.real_name.encode() not in body and vworld.me.phone.encode() not in body
    other = client.get(reverse("volunteers:volunteer_feed", args=[vworld.next_door.feed_key])).content
    assert "逢8环境整治".encode() not in other
    assert len(_expanded(body)) == 11


def test_every_row_has_its_own_key_and_a_wrong_key_is_404(vworld: Any, client: Any) -> None:
    keys = [*Volunteer.objects.values_list("feed_key", flat=True), *Team.objects.values_list("feed_key", flat=True)]
    assert len(keys) == len(set(keys)) and all(len(k) >= 24 for k in keys)
    assert client.get(reverse("volunteers:team_feed", args=["guess"])).status_code == 404
    assert client.get(reverse("volunteers:volunteer_feed", args=["guess"])).status_code == 404


def test_regenerating_kills_the_old_link(vworld: Any, as_user: Any) -> None:
    old = vworld.team.feed_key
    worker = as_user("worker")
    response = worker.post(reverse("volunteers:team_feed_regenerate", args=[vworld.team.pk]))
    assert response.status_code == 302
    vworld.team.refresh_from_db()
    assert vworld.team.feed_key != old
    assert worker.get(reverse("volunteers:team_feed", args=[old])).status_code == 404
    assert worker.get(reverse("volunteers:team_feed", args=[vworld.team.feed_key])).status_code == 200
    # a plain member may not regenerate the team's link; the neighbouring community cannot see it
    member = as_user("resident")
    assert member.post(reverse("volunteers:team_feed_regenerate", args=[vworld.team.pk])).status_code == 403


def test_a_volunteer_regenerates_their_own_link(vworld: Any, as_user: Any) -> None:
    old = vworld.me.feed_key
    response = as_user("resident").post(reverse("volunteers:volunteer_feed_regenerate", args=[vworld.me.pk]))
    assert response.status_code == 302
    vworld.me.refresh_from_db()
    assert vworld.me.feed_key != old
