"""The JSON API shows no more than the pages: the same scoping, masking, audit and CSRF."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from baimi.accounts.models import AuditEvent, User
from baimi.accounts.privacy import mask_phone
from baimi.places.models import Household, ServicePoint

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_anonymous_callers_are_refused(client: Client) -> None:
    for path in ["/me", "/households", "/service-points", "/areas/654322100005"]:
        assert client.get(API + path).status_code == 401, path


def test_the_openapi_description_is_published(client: Client) -> None:
    spec = client.get(API + "/openapi.json").json()
    assert "/api/v1/households" in spec["paths"] and "patch" in spec["paths"]["/api/v1/service-points/{point_id}"]


def test_the_outsider_lists_only_their_own_households(as_user: Any, demo: Any) -> None:
    body = as_user("outsider").get(API + "/households").json()
    refs = {h["ref"] for h in body["items"]}
    assert body["count"] == Household.objects.filter(community=demo.neighbour).count()
    mine = set(Household.objects.filter(community=demo.neighbour).values_list("ref", flat=True))
    assert refs <= mine


def test_the_outsider_cannot_read_a_demo_household(as_user: Any, demo: Any) -> None:
    household = Household.objects.filter(community=demo.community).first()
    assert household is not None
    assert as_user("outsider").get(f"{API}/households/{household.pk}").status_code == 404
    assert AuditEvent.objects.filter(outcome="denied", object_id=str(household.pk), detail__via="api").exists()


def test_phones_are_masked_for_the_legal_adviser(as_user: Any, demo: Any) -> None:
    household = Household.objects.filter(community=demo.community).exclude(phone="").first()
    assert household is not None
    body = as_user("adviser").get(f"{API}/households/{household.pk}").json()
    assert body["phone"] == mask_phone(household.phone) and body["flags"] is None
    body = as_user("worker").get(f"{API}/households/{household.pk}").json()
    assert body["phone"] == household.phone and isinstance(body["flags"], list)


def test_an_area_outside_is_not_found(as_user: Any, demo: Any) -> None:
    assert as_user("outsider").get(f"{API}/areas/{demo.community.code}").status_code == 404
    body = as_user("town").get(f"{API}/areas/654322100000").json()
    assert {c["code"] for c in body["children"]} >= {demo.community.code, demo.neighbour.code}


def test_a_worker_updates_opening_hours_of_their_own_point(as_user: Any, demo: Any) -> None:
    point = ServicePoint.objects.filter(community=demo.community).first()
    assert point is not None
    response = as_user("worker").patch(f"{API}/service-points/{point.pk}",
                                       json.dumps({"opening_hours": "Mo-Su 08:00-22:00"}),
                                       content_type="application/json")
    assert response.status_code == 200, response.content
    point.refresh_from_db()
    assert point.opening_hours == "Mo-Su 08:00-22:00"
    assert AuditEvent.objects.filter(action="change", object_id=str(point.pk), detail__via="api").exists()


def test_nobody_changes_another_communitys_point(as_user: Any, demo: Any) -> None:
    point = ServicePoint.objects.filter(community=demo.community).first()
    assert point is not None
    for username, status in [("outsider", 404), ("town", 403), ("adviser", 403)]:
        response = as_user(username).patch(f"{API}/service-points/{point.pk}", json.dumps({"active": False}),
                                           content_type="application/json")
        assert response.status_code == status, username
    point.refresh_from_db()
    assert point.active


def test_writes_need_the_csrf_token(demo: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="worker"))
    point = ServicePoint.objects.filter(community=demo.community).first()
    assert point is not None
    response = client.patch(f"{API}/service-points/{point.pk}", json.dumps({"active": False}),
                            content_type="application/json")
    assert response.status_code == 403


def test_a_resident_reads_only_their_household(as_user: Any) -> None:
    resident = User.objects.get(username="resident")
    body = as_user("resident").get(API + "/households").json()
    assert [h["id"] for h in body["items"]] == [resident.household_id]
