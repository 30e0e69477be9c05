"""Residents' questions stored with the articles (data/article_questions/) and the examples of questions
outside the library (data/out_of_scope_questions.tsv): the files are sound and kept apart from the
evaluation set, and a stored question brings its article in. No database, no model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from baimi.legal.evaluation import civil_code_documents, load_questions
from baimi.legal.search import (
    Document,
    SearchIndex,
    article_questions,
    outside_examples,
    read_article_questions,
    read_outside_examples,
)


def test_every_stored_question_names_a_real_article_and_stands_once() -> None:
    stored = article_questions("民法典")
    numbers = {d.key for d in civil_code_documents()}
    assert set(stored) <= numbers
    asked = [q for questions in stored.values() for q in questions]
    assert len(asked) >= 3000 and len(set(asked)) == len(asked)


def test_no_stored_question_is_an_evaluation_question() -> None:
    # The evaluation measures questions nobody tuned on: one copied in would be a test it cannot fail.
    asked = {q for questions in article_questions("民法典").values() for q in questions}
    assert not asked & {q.text for q in load_questions()}


def test_a_law_without_a_questions_file_has_none() -> None:
    assert article_questions("志愿服务条例") == {}


@pytest.mark.parametrize(("reader", "good", "bad"), [
    *[(read_article_questions, "282\t小区电梯广告的钱归谁", bad)
      for bad in ("282 电梯广告归谁", "第282条\t电梯广告归谁", "282\t", "282\t电梯\t广告")],
    *[(read_outside_examples, "交警扣了我六分\t道路交通安全法", bad)
      for bad in ("老板不发工资怎么办", "\t劳动合同法", "老板不发工资\t", "老板\t不发\t工资")],
])
def test_a_malformed_line_is_refused_with_its_file_and_line(tmp_path: Path, reader: Any, good: str, bad: str) -> None:
    path = tmp_path / "测试.tsv"
    path.write_text(f"# comment\n{good}\n{bad}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"测试\.tsv:3: expected"):
        reader(path)


def test_a_stored_question_brings_in_an_article_whose_text_shares_no_word() -> None:
    documents = [
        Document(1, "损害他人财产的，应当赔偿损失。"),
        Document(2, "饲养的动物造成他人损害的，动物饲养人应当承担侵权责任。", questions=("邻居家的狗把我娃咬了谁赔",)),
    ]
    question = "狗把娃咬了怎么办"
    plain = {"use_synonyms": False, "use_bigrams": False}  # the stored question alone, no lay-word list
    assert [h.key for h in SearchIndex(documents, **plain).search(question).hits][:1] == [2]
    without = SearchIndex([Document(d.key, d.text) for d in documents], **plain).search(question)
    assert 2 not in [h.key for h in without.hits]


def test_the_off_library_examples_are_apart_from_the_evaluation_and_the_stored_questions() -> None:
    examples = outside_examples()
    assert len(examples) >= 200 and all(law for _, law in examples)
    asked = {q for questions in article_questions("民法典").values() for q in questions}
    texts = {q for q, _ in examples}
    assert len(texts) == len(examples)
    assert not texts & asked and not texts & {q.text for q in load_questions()}

