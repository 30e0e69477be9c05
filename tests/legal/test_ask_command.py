"""``baimi ask``: ranked articles for people, JSON for scripts."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _ask(*args: str) -> str:
    out = StringIO()
    call_command("ask", *args, stdout=out)
    return out.getvalue()


def test_json_lists_civil_code_article_numbers_best_first() -> None:
    payload = json.loads(_ask("--json", "小区电梯里的广告收入应该归谁？"))
    assert set(payload) == {"articles", "out_of_scope"}
    assert payload["articles"][0] == 282 and all(isinstance(n, int) for n in payload["articles"])
    assert payload["out_of_scope"] is False


def test_json_for_a_question_outside_the_library_has_no_articles() -> None:
    assert json.loads(_ask("--json", "被公司辞退了，要申请劳动仲裁去哪里？")) == {"articles": [], "out_of_scope": True}


def test_the_text_output_shows_citations_words_and_article_text() -> None:
    out = _ask("离婚冷静期是多长时间？", "--limit", "2")
    assert "1. 民法典 第1077条" in out and "撤回离婚登记申请" in out and "3. " not in out


def test_another_law_can_be_searched() -> None:
    out = _ask("调解协议达成后多久可以申请司法确认", "--law", "人民调解法")
    assert "人民调解法 第33条" in out
