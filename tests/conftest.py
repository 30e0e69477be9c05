"""Fixtures shared by the Django-side tests: one small demo world, built once per session.

The world is the real demo (Altay's divisions, 赛尔江东路社区 and its neighbour 赛尔江西路社区) at a
small size, with the twelve demo personas. Each test runs in a transaction that is rolled back, so
tests may change it freely.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from django.test import Client, override_settings

SMALL_WORLD_HOUSEHOLDS = 300


def pytest_configure(config: Any) -> None:
    # Queued tasks run at once, in the test's own thread; tests of the real background worker
    # switch this off for themselves (tests/circles/test_background_runs.py).
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    with contextlib.suppress(ImproperlyConfigured):  # the engine's tests also run without Django
        settings.HUEY.immediate = True


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> None:
    """Dispatch keeps rosters and stamps, Open311 its keys, per process for a few seconds, and rate
    limits count in the cache; a test's rolled-back rows (whose ids the next test may reuse) and its
    counts must not carry into the next test."""
    from django.core.cache import cache

    from baimi.caching import forget_all
    from baimi.helpdesk.dispatch import forget_rosters

    forget_rosters()
    forget_all()
    cache.clear()  # the rate limits count in it


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from baimi.places.demo.community import build_demo

    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast:
        build_demo(households=SMALL_WORLD_HOUSEHOLDS, seed=7)


@pytest.fixture
def as_user(db: Any, client: Client) -> Any:
    """``as_user("worker")`` → a test client logged in as that demo persona."""
    from baimi.accounts.models import User

    def login(username: str) -> Client:
        client.force_login(User.objects.get(username=username))
        return client

    return login


@pytest.fixture
def demo(db: Any) -> Any:
    from baimi.places.demo.community import DEMO_COMMUNITY, NEIGHBOUR_COMMUNITY
    from baimi.places.models import Division

    class Demo:
        community = Division.objects.get(code=DEMO_COMMUNITY)
        neighbour = Division.objects.get(code=NEIGHBOUR_COMMUNITY)
        groups = list(Division.objects.filter(parent=community, level="group").order_by("code"))
        neighbour_groups = list(Division.objects.filter(parent=neighbour, level="group").order_by("code"))

    return Demo
