"""Privacy (Art. 20–21): names only with consent outside the managers, phones masked, reads audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from baimi.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_member_sees_other_members_masked_unless_they_consented(vworld: Any, as_user: Any) -> None:
    vworld.league.show_name = True
    vworld.league.save()
    page = as_user("resident").get(reverse("volunteers:team", args=[vworld.team.pk])).content.decode()
    assert "李建国" not in page and "李**" in page  # no consent: masked
    assert "张明" in page  # consented
    assert "13912345678" not in page


def test_managers_reading_names_is_audited(vworld: Any, as_user: Any, make_open_date: Any) -> None:
    occurrence = make_open_date()
    worker = as_user("worker")
    before = AuditEvent.objects.count()
    worker.get(reverse("volunteers:team", args=[vworld.team.pk]))
    worker.get(reverse("volunteers:occurrence", args=[occurrence.pk]))
    assert AuditEvent.objects.count() == before + 2
