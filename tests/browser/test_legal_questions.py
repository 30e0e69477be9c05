"""A resident asks an everyday legal question on a phone and gets the articles that decide it, or
the way to the legal adviser when the library has no answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_asks_about_the_lift_adverts(login: Any, live_server: Any, screenshots: Path) -> None:
    page = login("resident", viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{live_server.url}/legal/")
    page.fill("#q", "小区电梯里的广告收入归谁所有？")
    with page.expect_navigation():
        page.press("#q", "Enter")
    assert "民法典 第282条" in page.inner_text("main")
    assert page.locator("main mark").count() > 0  # the words that matched are marked
    assert "居民常这样问：" in page.inner_text("main")  # the stored question that found it, as the reason
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshots / "legal-question-phone.png"), full_page=True)


def test_a_question_outside_the_library_goes_to_the_adviser(login: Any, live_server: Any) -> None:
    page = login("resident")
    page.goto(f"{live_server.url}/legal/?q=公司拖欠工资怎么申请劳动仲裁")
    assert page.locator("#consult").is_visible()
    assert "民法典 第" not in page.inner_text("main")
