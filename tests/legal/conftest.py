"""The statute library is loaded once per session on top of the demo world (as ``baimi demo`` will)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session", autouse=True)
def _statutes(django_db_setup: Any, django_db_blocker: Any) -> None:
    from baimi.legal.services import ensure_statutes_loaded

    with django_db_blocker.unblock():
        ensure_statutes_loaded()
