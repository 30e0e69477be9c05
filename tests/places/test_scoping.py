"""Area scoping: every role sees its own area and nothing of another's — through the pages, the
admin site and the querysets. Each test tries to reach the other community's records."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from baimi.accounts.models import AuditEvent, User
from baimi.places.models import Building, Division, Household, ServicePoint, Staff

pytestmark = pytest.mark.django_db


def _household_in(community: Division) -> Household:
    return Household.objects.filter(community=community).order_by("ref").first()  # type: ignore[return-value]


@pytest.mark.parametrize("model", [Household, Building, ServicePoint, Staff, Division])
def test_querysets_confine_a_community_worker_to_the_community(demo: Any, model: Any) -> None:
    worker = User.objects.get(username="worker")
    visible = model.objects.visible_to(worker)
    assert visible.exists()
    prefix = demo.community.path
    for obj in visible:
        path = getattr(obj, "path", None) or next(
            getattr(obj, f).path for f in ("group", "area", "home_base") if hasattr(obj, f))
        assert path.startswith(prefix)


def test_the_outsider_sees_none_of_the_demo_communitys_households(demo: Any) -> None:
    outsider = User.objects.get(username="outsider")
    assert not Household.objects.visible_to(outsider).filter(community=demo.community).exists()
    assert Household.objects.visible_to(outsider).filter(community=demo.neighbour).exists()


def test_a_town_officer_sees_both_communities_of_the_town(demo: Any) -> None:
    town = User.objects.get(username="town")
    visible = Household.objects.visible_to(town)
    assert visible.filter(community=demo.community).exists()
    assert visible.filter(community=demo.neighbour).exists()


def test_a_resident_sees_only_their_own_household(demo: Any) -> None:
    resident = User.objects.get(username="resident")
    assert list(Household.objects.visible_to(resident)) == [resident.household]
    assert Building.objects.visible_to(resident).count() == 1


def test_a_grid_worker_sees_only_their_own_group(demo: Any) -> None:
    grid = User.objects.get(username="grid")
    groups = set(Household.objects.visible_to(grid).values_list("group", flat=True))
    assert groups == {grid.area_id}


def test_it_refuses_another_communitys_worker_on_a_household_page(demo: Any, as_user: Any) -> None:
    household = _household_in(demo.community)
    response = as_user("outsider").get(reverse("places:household", args=[household.pk]))
    assert response.status_code == 404
    denied = AuditEvent.objects.filter(action="view", outcome="denied", object_id=str(household.pk))
    assert denied.exists()


def test_it_shows_a_household_to_its_own_community_worker(demo: Any, as_user: Any) -> None:
    household = _household_in(demo.community)
    response = as_user("worker").get(reverse("places:household", args=[household.pk]))
    assert response.status_code == 200
    assert household.address in response.content.decode()
    assert AuditEvent.objects.filter(action="view", outcome="ok", object_id=str(household.pk)).exists()


def test_the_household_list_holds_only_the_viewers_area(demo: Any, as_user: Any) -> None:
    response = as_user("outsider").get(reverse("places:households"))
    page = response.context["page"]
    assert page.paginator.count == Household.objects.filter(community=demo.neighbour).count()
    assert all(h.community_id == demo.neighbour.pk for h in page)


def test_an_area_page_of_another_community_is_not_found(demo: Any, as_user: Any) -> None:
    assert as_user("outsider").get(reverse("places:area", args=[demo.community.code])).status_code == 404
    assert as_user("worker").get(reverse("places:area", args=[demo.community.code])).status_code == 200


def test_a_resident_cannot_open_a_neighbours_household(demo: Any, as_user: Any) -> None:
    resident = User.objects.get(username="resident")
    neighbour = Household.objects.filter(group=resident.area).exclude(pk=resident.household_id).first()
    assert neighbour is not None
    assert as_user("resident").get(reverse("places:household", args=[neighbour.pk])).status_code == 404
    assert as_user("resident").get(reverse("places:household", args=[resident.household_id])).status_code == 200


@pytest.mark.parametrize("username", ["volunteer"])
def test_roles_without_household_access_are_refused_the_list(demo: Any, as_user: Any, username: str) -> None:
    assert as_user(username).get(reverse("places:households")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Any, demo: Any) -> None:
    household = _household_in(demo.community)
    for url in [reverse("home"), reverse("places:households"), reverse("places:service_points"),
                reverse("places:household", args=[household.pk]),
                reverse("places:area", args=[demo.community.code])]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_wrong_method_is_refused(demo: Any, as_user: Any) -> None:
    assert as_user("worker").post(reverse("places:households")).status_code == 405


# --- the admin site ------------------------------------------------------------------------------

def test_the_admin_lists_only_the_workers_own_households(demo: Any, as_user: Any) -> None:
    response = as_user("outsider").get(reverse("admin:places_household_changelist"))
    assert response.status_code == 200
    shown = response.context["cl"].queryset
    assert shown.count() == Household.objects.filter(community=demo.neighbour).count()


def test_the_admin_will_not_open_another_communitys_household(demo: Any, as_user: Any) -> None:
    household = _household_in(demo.community)
    response = as_user("outsider").get(reverse("admin:places_household_change", args=[household.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect to its index
    assert Household.objects.get(pk=household.pk).address == household.address


def test_the_admin_will_not_move_a_household_into_another_community(demo: Any, as_user: Any) -> None:
    mine = _household_in(demo.neighbour)
    target_group = demo.groups[0]
    client = as_user("outsider")
    url = reverse("admin:places_household_change", args=[mine.pk])
    data = {"community": demo.community.pk, "group": target_group.pk, "ref": mine.ref, "address": "x",
            "size": 1, "children": 0}
    response = client.post(url, data)
    assert response.status_code == 200  # the form re-shows: those choices are not offered to this user
    assert "group" in response.context["adminform"].form.errors
    assert Household.objects.get(pk=mine.pk).group_id == mine.group_id


def test_officers_and_residents_have_no_admin(demo: Any, as_user: Any) -> None:
    for username in ["town", "resident", "adviser"]:
        response = as_user(username).get(reverse("admin:index"))
        assert response.status_code == 302, username


def test_a_community_worker_can_edit_in_the_admin(demo: Any, as_user: Any) -> None:
    point = ServicePoint.objects.filter(community=demo.community).first()
    assert point is not None
    response = as_user("worker").get(reverse("admin:places_servicepoint_change", args=[point.pk]))
    assert response.status_code == 200


def test_a_worker_adds_a_group_to_their_community_only(demo: Any, as_user: Any) -> None:
    client = as_user("worker")
    url = reverse("admin:places_division_add")
    data = {"code": f"{demo.community.code}-099", "name": "第99居民小组", "level": "group",
            "parent": demo.community.pk, "radius_m": 100}
    assert client.post(url, data).status_code == 302
    assert Division.objects.get(code=f"{demo.community.code}-099").path.startswith(demo.community.path)
    for level, parent in [("county", demo.community.pk), ("group", demo.neighbour.pk)]:
        response = client.post(url, {**data, "code": f"{demo.community.code}-098", "level": level, "parent": parent})
        assert response.status_code == 200 and response.context["adminform"].form.errors
    assert not Division.objects.filter(code=f"{demo.community.code}-098").exists()


def test_a_worker_cannot_rename_the_community_itself(demo: Any, as_user: Any) -> None:
    client = as_user("worker")
    url = reverse("admin:places_division_change", args=[demo.community.pk])
    client.post(url, {"code": demo.community.code, "name": "改名", "level": "community",
                      "parent": demo.community.parent_id, "radius_m": 100})
    assert Division.objects.get(pk=demo.community.pk).name == demo.community.name
