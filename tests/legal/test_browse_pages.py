"""Browsing the statute library: any signed-in user; anonymous users are sent to log in."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_library_lists_the_three_laws(as_user: Any, django_assert_max_num_queries: Any) -> None:
    client = as_user("resident")
    with django_assert_max_num_queries(8):
        page = client.get(reverse("legal:statutes")).content.decode()
    assert "中华人民共和国民法典" in page and "1260" in page and "志愿服务条例" in page


def test_an_article_has_its_citation_headings_and_neighbours(as_user: Any) -> None:
    response = as_user("resident").get("/legal/laws/民法典/282/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "民法典 第282条" in page and "属于业主共有" in page and "业主的建筑物区分所有权" in page
    assert 'href="/legal/laws/%E6%B0%91%E6%B3%95%E5%85%B8/281/"' in page
    assert reverse("legal:article", args=["民法典", 282]) == "/legal/laws/%E6%B0%91%E6%B3%95%E5%85%B8/282/"


def test_the_last_article_has_no_next_and_a_missing_one_is_404(as_user: Any) -> None:
    client = as_user("outsider")
    assert client.get(reverse("legal:article", args=["人民调解法", 35])).context["next"] is None
    assert client.get(reverse("legal:article", args=["人民调解法", 36])).status_code == 404
    assert client.get(reverse("legal:statute", args=["刑法"])).status_code == 404


def test_a_whole_law_reads_in_one_page_without_a_query_per_article(
        as_user: Any, django_assert_max_num_queries: Any) -> None:
    client = as_user("worker")
    with django_assert_max_num_queries(8):
        page = client.get(reverse("legal:statute", args=["民法典"])).content.decode()
    assert "<h2>物权编</h2>" in page and "<h2>第1分编 通则</h2>" in page and "第1260条" in page


def test_anonymous_users_are_sent_to_log_in_and_post_is_refused(client: Any, as_user: Any) -> None:
    assert client.get(reverse("legal:statutes")).status_code == 302
    assert as_user("resident").post(reverse("legal:article", args=["民法典", 1])).status_code == 405
