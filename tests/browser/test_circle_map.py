"""The circle map in a real browser: it draws the demo community, the layers toggle, a blind spot
and a building tell why, and the category picker recolours the buildings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_circle_map_draws_and_explains(login: Any, live_server: Any, screenshots: Path) -> None:
    page = login("worker", viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/circles/654322100005/map/")
    page.wait_for_selector("#circle-map[data-ready='1']")
    assert page.locator(".leaflet-overlay-pane path").count() > 300  # buildings, paths, circles, spots
    assert page.locator("#figures table tbody tr").count() >= 8
    # a building says why: its distances, and the walking route to the nearest point drawn
    page.locator("path.building[fill='#c62828']").first.dispatch_event("click")  # one not covered
    page.wait_for_selector("path.route")
    page.wait_for_function("document.getElementById('route-note').textContent.includes('min')")
    page.screenshot(path=str(screenshots / "circle-map.png"))

    fills_before = page.eval_on_selector_all(".leaflet-overlay-pane path", "ps => ps.map(p => p.getAttribute('fill'))")
    page.select_option("#category", "books")
    fills_after = page.eval_on_selector_all(".leaflet-overlay-pane path", "ps => ps.map(p => p.getAttribute('fill'))")
    assert fills_before != fills_after

    # hide buildings through the layer control, then show them again
    count = page.locator(".leaflet-overlay-pane path").count()
    buildings_toggle = page.locator(".leaflet-control-layers-overlays input").nth(1)  # paths, buildings, …
    page.locator(".leaflet-control-layers").hover()
    buildings_toggle.uncheck()
    assert page.locator(".leaflet-overlay-pane path").count() < count

    # with the buildings hidden, a blind spot can be clicked: it says how many households it holds
    spot = page.locator("path.blind-spot").first
    spot.click(force=True)
    assert "户" in page.inner_text("#details")


def test_a_placement_run_from_the_map_shows_its_sites(login: Any, live_server: Any, screenshots: Path) -> None:
    page = login("worker", viewport={"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}/circles/654322100005/map/")
    page.wait_for_selector("#circle-map[data-ready='1']")
    page.select_option("#id_category", label="医疗")
    page.select_option("#id_model", "mclp")
    page.fill("#id_sites_wanted", "3")
    page.select_option("#id_measure", "walk")
    with page.expect_navigation():
        page.click(".placement-form button[type=submit]")
    page.wait_for_selector("#circle-map[data-ready='1']")
    assert "?placement=" in page.url
    assert 1 <= page.locator(".site-star").count() <= 3
    assert page.locator("#placement .sites li").count() == page.locator(".site-star").count()
    assert page.input_value("#category") == "medical"
    page.screenshot(path=str(screenshots / "circle-map-placement.png"))
    with page.expect_navigation():
        page.locator("#placement .sites li").first.get_by_role("button").first.click()  # adopt
    page.wait_for_selector("#circle-map[data-ready='1']")
    assert page.locator(".site-star.adopted").count() == 1
