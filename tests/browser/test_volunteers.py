"""On a phone: a resident volunteer signs up for today's date and checks in by the QR page; the
volunteer leader then reads the figures (a year of 逢8 in the demo community)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}


def test_sign_up_check_in_and_figures(login: Any, live_server: Any, screenshots: Path) -> None:
    from django.utils import timezone

    from baimi.accounts.models import User
    from baimi.places.demo.community import DEMO_COMMUNITY
    from baimi.places.models import Division
    from baimi.volunteers import checkin, services
    from baimi.volunteers.models import ActivityType, Signup, Team

    community = Division.objects.get(code=DEMO_COMMUNITY)
    resident = User.objects.get(username="resident")
    me = services.volunteer_register(registered_by=resident, user=resident, community=community,
                                     group=resident.area, real_name="王芳", phone="13800001111")
    team = Team.objects.filter(area=community).first()
    assert team is not None
    activity = services.activity_create(created_by=None, team=team, type=ActivityType.objects.get(code="culture"),
                                        title="社区文艺演出", starts=timezone.now() - dt.timedelta(minutes=20))
    services.activity_open(activity=activity, opened_by=None)
    occurrence = activity.occurrences.get()

    page = login("resident", **PHONE)
    page.goto(f"{live_server.url}/volunteers/dates/{occurrence.pk}/")
    with page.expect_navigation():
        page.click("button:has-text('报名')")
    assert Signup.objects.filter(occurrence=occurrence, volunteer=me, status="confirmed").exists()
    page.goto(f"{live_server.url}/volunteers/scan/{checkin.token_for(occurrence)}/")
    with page.expect_navigation():
        page.click("button:has-text('签到 / 签退')")
    assert "签到。离开时请再扫码" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshots / "volunteers-check-in-phone.png"), full_page=True)
    assert Signup.objects.get(occurrence=occurrence, volunteer=me).checked_in_method == "qr"

    leader = login("volunteer", **PHONE)
    leader.goto(f"{live_server.url}/volunteers/figures/")
    feng8 = int(leader.inner_text("#feng8 b"))
    assert feng8 >= 30
    assert leader.evaluate("document.documentElement.scrollWidth") <= 390
    leader.screenshot(path=str(screenshots / "volunteers-figures-phone.png"), full_page=True)
