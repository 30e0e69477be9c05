"""The admin: community workers read the menu and manage their own exhibits; statutes are read-only."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_the_worker_reads_topics_and_statutes_but_cannot_change_them(as_user: Any) -> None:
    client = as_user("worker")
    assert client.get("/admin/legal/topic/").status_code == 200
    assert client.get("/admin/legal/statute/").status_code == 200
    assert client.get("/admin/legal/topic/add/").status_code == 403
    assert client.get("/admin/legal/article/?q=共有部分").status_code == 200


def test_residents_have_no_admin(as_user: Any) -> None:
    assert as_user("resident").get("/admin/legal/exhibit/").status_code == 302
