"""A person's path through the demo in a real browser: log in, see only one's own area, switch
language, and the resident's phone view. Screenshots are kept for people to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_community_worker_sees_the_circles_and_can_switch_to_english(login: Any, screenshots: Path) -> None:
    page = login("worker", viewport={"width": 1280, "height": 900})
    assert page.locator("h2", has_text="本社区的服务圈").is_visible()
    from baimi.places.models import Division

    groups = Division.objects.filter(parent__code="654322100005", level="group").count()
    assert groups >= 3 and page.locator("table tbody tr").count() == groups
    assert "赛尔江西路" not in page.content()
    page.screenshot(path=str(screenshots / "home-community-worker.png"), full_page=True)
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("h2", has_text="Circles of this community").is_visible()


def test_the_outsider_cannot_open_the_demo_community(login: Any, live_server: Any) -> None:
    page = login("outsider")
    response = page.goto(f"{live_server.url}/places/area/654322100005/")
    assert response is not None and response.status == 404
    page.goto(f"{live_server.url}/home/")
    assert "赛尔江西路居委会" in page.content()


def test_a_resident_finds_the_nearest_services_on_a_phone(login: Any, screenshots: Path) -> None:
    page = login("resident", viewport={"width": 390, "height": 844}, is_mobile=True)
    assert page.locator("h2", has_text="离我最近的服务").is_visible()
    # nothing wider than the phone: the layout must not scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshots / "home-resident-phone.png"), full_page=True)


def test_a_wrong_password_is_refused_in_the_page(browser: Any, live_server: Any) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "worker")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert "/accounts/login/" in page.url
    assert page.locator(".errorlist").is_visible()
    context.close()
