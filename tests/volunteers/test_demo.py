"""The demo data: a year of 逢8 in 福海镇's communities with hours, 学雷锋月, and the demo community's
own team with one of each record the security sweeps aim at."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Sum

from baimi.places.models import Division, Level
from baimi.volunteers.models import (
    Activity,
    Campaign,
    CorrectionRequest,
    HoursEntry,
    Occurrence,
    Signup,
    Team,
    Volunteer,
)

pytestmark = pytest.mark.django_db


def test_fuhai_town_has_a_year_of_feng8_with_hours(demo: Any) -> None:
    town = Division.objects.get(name="福海镇", level=Level.TOWN)
    communities = Division.objects.filter(parent=town, level=Level.COMMUNITY)
    assert communities.count() >= 5
    for community in communities:
        activity = Activity.objects.get(area=community, rrule__contains="BYMONTHDAY=8,18,28")
        past = Occurrence.objects.filter(activity=activity, signups__hours__isnull=False).distinct()
        assert 34 <= past.count() <= 37, community.name
        assert {o.starts.astimezone(activity.starts.tzinfo).day for o in past} <= {8, 18, 28}
    assert Campaign.objects.filter(area=town, name__contains="学雷锋月").exists()
    hours = HoursEntry.objects.filter(volunteer__community__parent=town).aggregate(total=Sum("hours"))["total"]
    assert hours > 1000


def test_the_demo_community_has_one_of_each(demo: Any) -> None:
    c = demo.community
    assert Team.objects.filter(area=c).exists() and Volunteer.objects.filter(community=c).exists()
    assert Activity.objects.filter(area=c).exists() and Occurrence.objects.filter(activity__area=c).exists()
    assert Signup.objects.filter(occurrence__activity__area=c, checked_in_at=None).exists()
    assert CorrectionRequest.objects.filter(signup__occurrence__activity__area=c).exists()
    assert Campaign.objects.filter(area=c).exists()
    keys = list(Volunteer.objects.values_list("feed_key", flat=True))
    assert len(keys) == len(set(keys))


def test_the_leader_persona_sees_the_team(demo: Any, as_user: Any) -> None:
    page = as_user("volunteer").get("/volunteers/").content.decode()
    assert f"{demo.community.name}志愿服务队" in page
