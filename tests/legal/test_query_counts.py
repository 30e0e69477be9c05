"""List pages do not query per row."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baimi.accounts.models import User
from baimi.legal.models import Article, Topic
from baimi.legal.services import answer_save, consultation_open, need_leave, topic_order

pytestmark = pytest.mark.django_db


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _add_rows(n: int) -> None:
    adviser, resident = User.objects.get(username="adviser"), User.objects.get(username="resident")
    articles = list(Article.objects.filter(statute__short_name="民法典", number__in=[282, 283]))
    for i in range(n):
        answer_save(author=adviser, question=f"问题{i}", answer="答", articles=articles)
        consultation_open(requester=resident, question=f"咨询{i}")
        need_leave(resident=resident, kind="other", description=f"诉求{i}")
    for topic in Topic.objects.all()[:n]:
        topic_order(resident=resident, topic=topic)


@pytest.mark.parametrize(("username", "page"), [
    ("adviser", "legal:answers"), ("adviser", "legal:consultations"), ("adviser", "legal:needs"),
    ("adviser", "legal:demand"), ("resident", "legal:menu"),
])
def test_the_number_of_queries_does_not_grow_with_rows(as_user: Any, username: str, page: str) -> None:
    client = as_user(username)
    _add_rows(2)
    few = _queries(client, reverse(page))
    _add_rows(4)
    assert _queries(client, reverse(page)) == few
