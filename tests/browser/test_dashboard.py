"""The dashboard in a real browser on a phone-sized screen: the prefecture officer drills down from
the prefecture to a residents' group; a page in Kazakh (Arabic script) is laid out right to left."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _world(live_server: Any) -> None:
    """As tests/browser/conftest.py's, but from an empty database (on top of the session's world the
    rebuild fails: the legal demo's rows protect the users it recreates), and with the helpdesk's
    seeded categories put back, which the flush empties and the helpdesk's demo needs."""
    import importlib

    from django.apps import apps
    from django.core.management import call_command

    from baimi.places.demo.community import build_demo
    from baimi.places.reference import ensure_reference_data

    call_command("flush", interactive=False, verbosity=0)
    ensure_reference_data()
    importlib.import_module("baimi.helpdesk.migrations.0002_seed_categories").seed(apps, None)
    build_demo()


def test_the_prefecture_officer_drills_down_to_a_group_on_a_phone(login: Any, live_server: Any,
                                                                  screenshots: Path) -> None:
    from baimi.places.demo.community import DEMO_COMMUNITY
    from baimi.places.models import Division

    group = Division.objects.filter(parent__code=DEMO_COMMUNITY, level="group").order_by("code").first()
    assert group is not None
    chain = [*group.ancestors(), group]
    page = login("prefecture", viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/dashboard/")
    assert chain[0].name in page.inner_text("h1")
    page.screenshot(path=str(screenshots / "dashboard-prefecture-phone.png"), full_page=True)
    for child in chain[1:]:
        page.locator("table[data-testid=children] a", has_text=child.name).first.click()
        page.wait_for_url(f"**/dashboard/{child.code}/**")
        assert child.name in page.inner_text("h1")
    assert page.locator("svg.chart").count() >= 5
    # nothing is wider than the phone: charts scale, wide tables scroll inside their own box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.locator("details summary").first.click()
    assert page.locator("details[open] table tbody tr").count() == 12  # this month and the eleven before
    page.screenshot(path=str(screenshots / "dashboard-group-phone.png"), full_page=True)


def test_a_kazakh_page_is_right_to_left(login: Any, live_server: Any, screenshots: Path) -> None:
    page = login("worker", viewport=PHONE, is_mobile=True)
    page.goto(f"{live_server.url}/dashboard/")
    page.select_option("header select[name=language]", "kk-arab")
    page.wait_for_load_state("load")
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert "باسقارۋ تاقتاسى" in page.inner_text("header nav")
    # the brand sits on the right in a right-to-left header
    brand = page.locator("header .brand").bounding_box()
    assert brand is not None and brand["x"] + brand["width"] > PHONE["width"] / 2
    page.screenshot(path=str(screenshots / "dashboard-kazakh-rtl.png"), full_page=True)
