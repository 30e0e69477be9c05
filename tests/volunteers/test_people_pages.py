"""Volunteers' personal information (Art. 20): scoped to the area, masked by role, audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from baimi.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_community_worker_lists_the_communitys_volunteers_with_full_phone(as_user: Any, vworld: Any) -> None:
    page = as_user("worker").get(reverse("volunteers:volunteers")).content.decode()
    assert "王芳" in page and "李建国" in page and "13800001111" in page
    assert "阿依古丽" not in page


def test_the_volunteer_leader_sees_phones_masked(as_user: Any, vworld: Any) -> None:
    page = as_user("volunteer").get(reverse("volunteers:volunteers")).content.decode()
    assert "王芳" in page and "138****1111" in page and "13800001111" not in page


def test_another_communitys_worker_sees_only_their_own(as_user: Any, vworld: Any) -> None:
    client = as_user("outsider")
    page = client.get(reverse("volunteers:volunteers")).content.decode()
    assert "阿依古丽" in page and "王芳" not in page
    assert client.get(reverse("volunteers:volunteer", args=[vworld.me.pk])).status_code == 404
    assert AuditEvent.objects.filter(outcome="denied", object_type="volunteers.Volunteer").exists()


def test_a_resident_sees_their_own_record_and_no_one_elses(as_user: Any, vworld: Any) -> None:
    client = as_user("resident")
    page = client.get(reverse("volunteers:volunteer", args=[vworld.me.pk])).content.decode()
    assert "王芳" in page and "6543**********1234" in page
    assert client.get(reverse("volunteers:volunteer", args=[vworld.party.pk])).status_code == 404
    assert client.get(reverse("volunteers:volunteers")).status_code == 403


def test_people_pages_refuse_post(as_user: Any, vworld: Any) -> None:
    client = as_user("worker")
    assert client.post(reverse("volunteers:volunteers")).status_code == 405
    assert client.post(reverse("volunteers:volunteer", args=[vworld.me.pk])).status_code == 405


def test_the_volunteer_list_does_not_query_per_row(as_user: Any, vworld: Any, django_assert_max_num_queries: Any
                                                   ) -> None:
    client = as_user("worker")
    with django_assert_max_num_queries(12):
        client.get(reverse("volunteers:volunteers"))
