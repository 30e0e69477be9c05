"""Figures: counts and sums over the demo's year of 逢8, scoped to the viewer's area."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from baimi.places.models import Division, Level
from baimi.volunteers.figures import area_figures
from baimi.volunteers.models import HoursEntry, Volunteer

pytestmark = pytest.mark.django_db


def test_area_figures_of_fuhai_town(demo: Any) -> None:
    town = Division.objects.get(name="福海镇", level=Level.TOWN)
    f = area_figures(town)
    total = HoursEntry.objects.filter(occurrence__activity__area__path__startswith=town.path).aggregate(
        t=Sum("hours"))["t"]
    assert f.hours == total > 0
    assert sum((h for _, h in f.by_team), Decimal(0)) == f.hours == sum((h for _, h in f.by_month), Decimal(0))
    assert f.volunteers == Volunteer.objects.filter(community__path__startswith=town.path).count()
    assert 0 < f.active_volunteers <= f.volunteers
    # every community's 逢8 series is held on the 8th/18th/28th; the 学雷锋月 visit is on the 5th
    assert f.feng8_dates_held == f.dates_held - 1
    assert f.feng8_dates_held >= 8 * 34
    assert len(f.by_month) in (12, 13)


def test_a_narrow_period_counts_only_its_dates(demo: Any) -> None:
    town = Division.objects.get(name="福海镇", level=Level.TOWN)
    today = timezone.localdate()
    f = area_figures(town, since=today - dt.timedelta(days=40), until=today - dt.timedelta(days=11))
    assert f.feng8_dates_held in range(8 * 2, 8 * 4 + 1)


def test_the_page_is_scoped_and_refused_to_residents(demo: Any, as_user: Any) -> None:
    page = as_user("worker").get(reverse("volunteers:figures"))
    assert page.status_code == 200
    assert page.context["f"].hours > 0
    assert not any("福海" in name for name, _ in page.context["f"].by_team)  # another county's teams
    assert as_user("resident").get(reverse("volunteers:figures")).status_code == 403
    assert as_user("volunteer").get(reverse("volunteers:figures") + "?year=abc").status_code == 200
