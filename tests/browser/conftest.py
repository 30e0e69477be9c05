"""Browser tests drive Debian's Chromium through Playwright (no browser download: the package's
own driver talks to /usr/bin/chromium). Where Chromium is missing they skip, saying so."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from baimi.places.demo.community import DEMO_PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django then refuses synchronous
    # database calls from it unless told this is deliberate (the test thread, not a server).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where pages are photographed: BAIMI_SCREENSHOT_DIR (e.g. docs/) or the test's temp dir."""
    target = Path(os.environ.get("BAIMI_SCREENSHOT_DIR", tmp_path))
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture(autouse=True)
def _world(live_server: Any) -> None:
    # A live server needs committed data, and each such test empties the database when it ends,
    # so every test builds its own small demo world.
    from baimi.places.demo.community import build_demo

    build_demo()  # exactly the demo a new user sees after `make demo`


@pytest.fixture
def login(browser: Any, live_server: Any) -> Iterator[Any]:
    """``login("worker", viewport=...)`` → a logged-in page; its context is closed after the test, so
    no request is still running against the live server when the database is emptied."""
    contexts: list[Any] = []

    def open_page(username: str, **context: Any) -> Any:
        context.setdefault("locale", "zh-CN")  # what residents' phones send; English is a choice
        browser_context = browser.new_context(**context)
        contexts.append(browser_context)
        return _login(browser_context.new_page(), live_server, username)

    yield open_page
    for browser_context in contexts:
        browser_context.close()


def _login(page: Any, live_server: Any, username: str) -> Any:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/home/")
    return page
