"""Curated answers: the legal adviser writes them for their community, citing articles; residents read them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from baimi.accounts.models import AuditEvent, User
from baimi.legal.models import Article, CuratedAnswer
from baimi.legal.services import answer_save

pytestmark = pytest.mark.django_db
LIFT = {"question": "电梯广告的钱归谁？", "answer": "归全体业主共有，见民法典 第282条。",
        "citations": "民法典 第282条，民法典 第二百七十三条", "published": "on"}


@pytest.fixture
def answer(demo: Any) -> CuratedAnswer:
    return answer_save(author=User.objects.get(username="adviser"), question="楼上漏水谁来修？",
                       answer="先协商；相邻关系见民法典 第296条。",
                       articles=Article.objects.filter(statute__short_name="民法典", number__in=[296, 288]))


def test_the_adviser_writes_an_answer_that_cites_articles(as_user: Any, demo: Any) -> None:
    response = as_user("adviser").post(reverse("legal:answer_new"), LIFT)
    answer = CuratedAnswer.objects.get(question="电梯广告的钱归谁？")
    assert response.status_code == 302 and response["Location"] == reverse("legal:answer", args=[answer.pk])
    assert answer.community == demo.community and answer.author.username == "adviser"
    assert sorted(answer.articles.values_list("number", flat=True)) == [273, 282]
    assert AuditEvent.objects.filter(action="create", object_type="legal.CuratedAnswer").exists()


def test_a_citation_not_in_the_library_is_refused_by_name(as_user: Any) -> None:
    data = {**LIFT, "citations": "民法典 第282条, 刑法 第1条, 乱写"}
    response = as_user("adviser").post(reverse("legal:answer_new"), data)
    assert response.status_code == 200 and not CuratedAnswer.objects.filter(question=LIFT["question"]).exists()
    assert "刑法 第1条、乱写" in response.content.decode()


def test_only_the_legal_adviser_writes_answers(as_user: Any) -> None:
    assert as_user("worker").get(reverse("legal:answer_new")).status_code == 403
    assert as_user("resident").post(reverse("legal:answer_new"), LIFT).status_code == 403


def test_the_resident_reads_the_answer_with_linked_articles(as_user: Any, answer: CuratedAnswer) -> None:
    page = as_user("resident").get(reverse("legal:answer", args=[answer.pk])).content.decode()
    assert "楼上漏水谁来修？" in page
    assert 'href="/legal/laws/%E6%B0%91%E6%B3%95%E5%85%B8/296/">民法典 第296条</a>' in page
    listing = as_user("resident").get(reverse("legal:answers")).content.decode()
    assert "楼上漏水谁来修？" in listing


def test_another_communitys_worker_gets_404_and_an_audit_entry(as_user: Any, answer: CuratedAnswer) -> None:
    client = as_user("outsider")
    assert client.get(reverse("legal:answer", args=[answer.pk])).status_code == 404
    assert "楼上漏水谁来修？" not in client.get(reverse("legal:answers")).content.decode()
    assert AuditEvent.objects.filter(username="outsider", outcome="denied", object_id=str(answer.pk)).exists()


def test_an_adviser_of_another_community_cannot_edit(client: Any, demo: Any, answer: CuratedAnswer) -> None:
    other = User.objects.create(username="adviser2", role="legal_adviser", area=demo.neighbour)
    client.force_login(other)
    assert client.post(reverse("legal:answer_edit", args=[answer.pk]), LIFT).status_code == 404
    answer.refresh_from_db()
    assert answer.question == "楼上漏水谁来修？"


def test_the_adviser_edits_and_unpublishes_and_residents_stop_seeing_it(as_user: Any, answer: CuratedAnswer) -> None:
    form = as_user("adviser").get(reverse("legal:answer_edit", args=[answer.pk])).content.decode()
    assert "民法典 第288条, 民法典 第296条" in form or "民法典 第296条, 民法典 第288条" in form
    as_user("adviser").post(reverse("legal:answer_edit", args=[answer.pk]), {**LIFT, "published": ""})
    answer.refresh_from_db()
    assert not answer.published and answer.question == LIFT["question"]
    assert as_user("resident").get(reverse("legal:answer", args=[answer.pk])).status_code == 404


def test_wrong_methods_are_refused(as_user: Any, answer: CuratedAnswer) -> None:
    assert as_user("resident").post(reverse("legal:answers")).status_code == 405
    assert as_user("adviser").delete(reverse("legal:answer_edit", args=[answer.pk])).status_code == 405
