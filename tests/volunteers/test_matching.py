"""Matching volunteers to a need: nearest by walking distance, with the skill, free at that time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from baimi.places.models import Household
from baimi.volunteers import services
from baimi.volunteers.matching import suggest_volunteers
from baimi.volunteers.models import Signup

pytestmark = pytest.mark.django_db


class Need:
    def __init__(self, household: Household) -> None:
        self.ref, self.head_name = household.ref, household.head_name
        self.lon, self.lat = household.building.lon, household.building.lat


def _need(demo: Any) -> Need:
    return Need(Household.objects.filter(community=demo.community, building__isnull=False).order_by("ref").first())


def test_nearest_with_the_skill_first(vworld: Any, demo: Any) -> None:
    household = _need(demo)
    found = suggest_volunteers(lon=household.lon, lat=household.lat, skill="elderly_care", community=demo.community,
                               limit=50)
    names = [s.volunteer.pk for s in found]
    assert vworld.me.pk in names and vworld.party.pk in names and vworld.league.pk not in names  # no skill
    assert vworld.next_door.pk not in names  # another community
    distances = [s.distance_m for s in found if s.walk_m is not None]
    assert distances == sorted(distances) and distances
    assert all(s.walk_m is None or s.walk_m >= s.straight_m - 1 for s in found)  # walking is never shorter


def test_busy_or_unavailable_volunteers_are_left_out(vworld: Any, demo: Any, make_open_date: Any) -> None:
    household = _need(demo)
    occurrence = make_open_date(needed=5, starts=timezone.now() + dt.timedelta(days=1))
    services.signup_create(occurrence=occurrence, volunteer=vworld.me)
    assert Signup.objects.filter(volunteer=vworld.me).exists()
    found = suggest_volunteers(lon=household.lon, lat=household.lat, skill="elderly_care", community=demo.community,
                               when=occurrence.starts + dt.timedelta(minutes=30), limit=50)
    assert vworld.me.pk not in [s.volunteer.pk for s in found]
    weekday = occurrence.starts.astimezone(timezone.get_current_timezone()).weekday()
    vworld.party.available_weekdays = [(weekday + 1) % 7]
    vworld.party.save()
    found = suggest_volunteers(lon=household.lon, lat=household.lat, skill="elderly_care", community=demo.community,
                               when=occurrence.starts + dt.timedelta(minutes=30), limit=50)
    assert vworld.party.pk not in [s.volunteer.pk for s in found]


def test_the_page_for_a_household_masks_phones(vworld: Any, demo: Any, as_user: Any) -> None:
    household = _need(demo)
    client = as_user("volunteer")
    page = client.get(reverse("volunteers:match"), {"household": household.ref, "skill": "elderly_care"})
    assert page.status_code == 200
    assert page.context["suggestions"]
    body = page.content.decode()
    assert "13800001111" not in body and household.head_name not in body
    bad = client.get(reverse("volunteers:match"), {"household": "no-such-ref"})
    assert bad.context["error"] and bad.context["suggestions"] is None
    assert as_user("resident").get(reverse("volunteers:match")).status_code == 403
    outsider = as_user("outsider").get(reverse("volunteers:match"), {"household": household.ref})
    # refs repeat across communities: the outsider only ever finds their own area's household and volunteers
    shown = outsider.context.get("household")
    assert shown is None or shown.community_id == demo.neighbour.pk
    assert all(s.volunteer.community_id == demo.neighbour.pk for s in outsider.context["suggestions"] or [])
