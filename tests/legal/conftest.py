"""The statute library is loaded once per session on top of the demo world (as ``baimi demo`` will).

Only when some selected test uses the database: pytest-django creates no test database otherwise,
and the search and parser tests need none.
"""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session", autouse=True)
def _statutes(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    if not any(item.get_closest_marker("django_db") for item in request.session.items):
        return
    request.getfixturevalue("django_db_setup")
    from baimi.legal.services import ensure_statutes_loaded

    with django_db_blocker.unblock():
        ensure_statutes_loaded()


@pytest.fixture(autouse=True)
def _no_demo_legal_activity(request: pytest.FixtureRequest) -> None:
    """The demo world comes with a little legal activity (legal/demo.py); these tests count what they
    create themselves, so each starts without it (inside the test's transaction, rolled back after)."""
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    from baimi.legal.models import CuratedAnswer, Lecture, LectureSignup, LegalConsultation, LegalNeed, TopicOrder

    for model in (LectureSignup, Lecture, LegalNeed, LegalConsultation, TopicOrder, CuratedAnswer):
        model.objects.all().delete()
