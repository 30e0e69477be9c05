from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from baimi.volunteers.models import Membership, Team

pytestmark = pytest.mark.django_db


def test_the_index_lists_the_teams_of_the_area(as_user: Any, vworld: Any) -> None:
    page = as_user("worker").get(reverse("volunteers:index")).content.decode()
    assert "赛尔江东路志愿服务队" in page and "赛尔江西路志愿服务队" not in page


def test_a_town_team_across_communities_is_visible_to_each_community(as_user: Any, vworld: Any, demo: Any) -> None:
    from baimi.volunteers import services

    town_team = services.team_create(created_by=None, name="镇青年突击队", area=demo.community.parent)
    assert Team.objects.visible_to(vworld.me.user).filter(pk=town_team.pk).exists()
    assert as_user("outsider").get(reverse("volunteers:team", args=[town_team.pk])).status_code == 200


def test_residents_see_members_only_by_masked_name(as_user: Any, vworld: Any) -> None:
    page = as_user("resident").get(reverse("volunteers:team", args=[vworld.team.pk])).content.decode()
    assert "李**" in page and "李建国" not in page


def test_another_communitys_worker_cannot_open_the_team(as_user: Any, vworld: Any) -> None:
    assert as_user("outsider").get(reverse("volunteers:team", args=[vworld.team.pk])).status_code == 404


def test_the_leader_creates_a_team_and_adds_a_leader(as_user: Any, vworld: Any, demo: Any) -> None:
    client = as_user("volunteer")
    response = client.post(reverse("volunteers:team_new"), {"name": "银龄探访队", "area": demo.community.pk})
    team = Team.objects.get(name="银龄探访队")
    assert response.status_code == 302
    client.post(reverse("volunteers:team_member_add", args=[team.pk]), {"volunteer": vworld.party.pk, "leader": "1"})
    assert Membership.objects.get(team=team, volunteer=vworld.party).is_leader


def test_a_team_leader_by_membership_manages_their_team(vworld: Any) -> None:
    from baimi.accounts.models import User
    from baimi.volunteers import access

    resident = User.objects.get(username="resident")
    assert not access.manages_team(resident, vworld.team)
    Membership.objects.filter(team=vworld.team, volunteer=vworld.me).update(is_leader=True)
    assert access.manages_team(resident, vworld.team)


def test_another_community_cannot_add_members(as_user: Any, vworld: Any) -> None:
    response = as_user("outsider").post(reverse("volunteers:team_member_add", args=[vworld.team.pk]),
                                        {"volunteer": vworld.next_door.pk})
    assert response.status_code == 404


def test_member_add_refuses_get(as_user: Any, vworld: Any) -> None:
    assert as_user("worker").get(reverse("volunteers:team_member_add", args=[vworld.team.pk])).status_code == 405
