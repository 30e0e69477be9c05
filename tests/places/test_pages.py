"""Every role's home page shows that role's view of its own area."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_community_worker_sees_every_circle_and_its_gaps(as_user: Any, demo: Any) -> None:
    page = as_user("worker").get(reverse("home")).content.decode()
    for group in demo.groups:
        assert group.name in page
    assert "赛尔江东路居委会" in page and "库额尔齐斯镇" in page


def test_the_town_officer_sees_both_communities_with_figures(as_user: Any) -> None:
    response = as_user("town").get(reverse("home"))
    names = [f.division.name for f in response.context["children"]]
    assert "赛尔江东路居委会" in names and "赛尔江西路居委会" in names
    figures = {f.division.name: f for f in response.context["children"]}
    assert figures["赛尔江东路居委会"].households == 300


def test_the_prefecture_officer_drills_down_to_a_community(as_user: Any, demo: Any) -> None:
    client = as_user("prefecture")
    county = client.get(reverse("places:area", args=["654322000000"]))
    assert county.status_code == 200 and "库额尔齐斯镇" in county.content.decode()
    assert client.get(reverse("places:area", args=[demo.community.code])).status_code == 200


def test_the_resident_sees_nearest_services_and_circle_staff(as_user: Any) -> None:
    response = as_user("resident").get(reverse("home"))
    assert response.status_code == 200
    assert len(response.context["nearest"]) == 4
    assert response.context["household"] is not None
    assert list(response.context["staff"])


def test_the_grid_worker_sees_their_circle(as_user: Any) -> None:
    response = as_user("grid").get(reverse("home"))
    assert response.context["circle"] is not None and response.context["circle"].households > 0


def test_english_is_selectable(as_user: Any) -> None:
    client = as_user("worker")
    client.post(reverse("set_language"), {"language": "en", "next": "/home/"})
    page = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in page and "Circles of this community" in page


def test_chinese_is_the_default(as_user: Any) -> None:
    page = as_user("worker").get(reverse("home")).content.decode()
    assert 'lang="zh-hans"' in page and "本社区的服务圈" in page


def test_the_household_list_does_not_query_per_row(as_user: Any, django_assert_max_num_queries: Any) -> None:
    client = as_user("worker")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("places:households"))
    assert len(response.context["page"].object_list) == 50


def test_service_points_list_does_not_query_per_row(as_user: Any, django_assert_max_num_queries: Any) -> None:
    client = as_user("worker")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("places:service_points")).status_code == 200


def test_every_script_and_style_a_page_uses_is_served_locally(client: Any) -> None:
    import re

    page = client.get(reverse("login")).content.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page)
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        b"".join(response.streaming_content if response.streaming else [response.content])
