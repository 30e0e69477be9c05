"""Shared fixtures for the circle-engine tests: real OSM data, shipped in tests/data/osm (copied
from the project's shared reference data, with its source note)."""

from __future__ import annotations

from pathlib import Path

import pytest

from baimi.geo.network import WalkNetwork, network_from_osm


def _data_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "osm"


@pytest.fixture(scope="session")
def osm_dir() -> Path:
    return _data_dir()


@pytest.fixture(scope="session")
def oakland_path(osm_dir: Path) -> Path:
    return osm_dir / "West-Oakland.osm"


@pytest.fixture(scope="session")
def oakland(oakland_path: Path) -> WalkNetwork:
    return network_from_osm(oakland_path)


@pytest.fixture(autouse=True)
def _fast_password_hashing() -> None:
    """Override the Django-side autouse fixture: the engine's tests run without Django."""
