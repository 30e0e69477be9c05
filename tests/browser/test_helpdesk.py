"""Help within ten minutes, in a real browser: a resident asks on a phone, the nearest staff member
accepts and arrives, settles, and the resident confirms with a rating."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def _everyone_on_duty() -> None:
    from baimi.helpdesk.dispatch import forget_rosters
    from baimi.places.models import DutyShift, Staff

    DutyShift.objects.bulk_create([DutyShift(staff=s, weekday=d, starts=dt.time(0), ends=dt.time(0))
                                   for s in Staff.objects.all() for d in range(7)])
    # bulk_create sends no signals, and the live server shares this process's cached rosters: without
    # this, dispatch saw the demo's own shifts for up to 2 s and at night (Asia/Shanghai) nobody was on.
    forget_rosters()


def test_a_resident_asks_for_help_and_confirms_it_was_solved(login: Any, live_server: Any, screenshots: Path) -> None:
    from baimi.accounts.models import User
    from baimi.helpdesk.models import HelpCategory, HelpRequest
    from baimi.places.demo.community import DEMO_PASSWORD

    _everyone_on_duty()
    resident = login("resident", viewport={"width": 390, "height": 844}, is_mobile=True)
    resident.goto(f"{live_server.url}/help/new/")
    category = HelpCategory.objects.get(code="elderly_care")
    resident.check(f"input[name=category][value='{category.pk}']")
    resident.fill("#id_description", "我家老人在卫生间摔倒了，扶不起来")
    assert resident.evaluate("document.documentElement.scrollWidth") <= 390  # fits the phone
    resident.screenshot(path=str(screenshots / "help-request-phone.png"), full_page=True)
    with resident.expect_navigation():
        resident.click("form.stacked button[type=submit]")
    request = HelpRequest.objects.get(description="我家老人在卫生间摔倒了，扶不起来")
    assert request.reference in resident.inner_text("main")

    offer = request.offers.get()
    helper_user = User.objects.create(username="helper", role="grid_worker", area=offer.staff.home_base)
    helper_user.set_password(DEMO_PASSWORD)
    helper_user.save()
    offer.staff.user = helper_user
    offer.staff.save()
    helper = login("helper", viewport={"width": 390, "height": 844}, is_mobile=True)
    helper.goto(f"{live_server.url}/help/")
    helper.click(f"a[href='/help/{request.reference}/']")
    for step in ("accept", "arrive"):
        with helper.expect_navigation():
            helper.click(f"form[action$='/{step}/'] button")
    helper.fill("#id_notes", "已扶起老人，联系了女儿，社区医生看过无大碍")
    with helper.expect_navigation():
        helper.click("form[action$='/settle/'] button")

    resident.reload()
    resident.select_option("#id_rating", "5")
    with resident.expect_navigation():
        resident.click("form[action$='/confirm/'] button")
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.CONFIRMED and request.rating == 5
    assert request.reached_in_time and request.settled_level == "circle"
    resident.screenshot(path=str(screenshots / "help-request-confirmed-phone.png"), full_page=True)
