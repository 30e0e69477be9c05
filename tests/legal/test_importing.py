"""Importing statutes: the command, all-or-nothing, and re-imports that keep article ids."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from baimi.legal.models import Article, Chapter, Statute
from baimi.legal.services import ensure_statutes_loaded, statutes_import_files

pytestmark = pytest.mark.django_db
GOOD = ("# 中华人民共和国测试法\n\n2026年1月1日 通过\n\n<!-- INFO END -->\n\n"
        "## 第一章 总则\n\n第一条 甲。\n\n第二条 乙。\n")


def test_the_bundled_laws_are_loaded_with_their_structure() -> None:
    civil = Statute.objects.get(short_name="民法典")
    assert civil.articles.count() == 1260 and civil.title == "中华人民共和国民法典"
    article = Article.objects.select_related("chapter", "part__parent").get(statute=civil, number=282)
    assert article.citation == "民法典 第282条"
    assert article.chapter is not None and article.chapter.name == "业主的建筑物区分所有权"
    assert article.part is not None and article.part.parent is not None and article.part.parent.name == "物权编"
    assert Statute.objects.get(short_name="人民调解法").articles.count() == 35


def test_ensuring_again_changes_nothing(django_assert_max_num_queries: object) -> None:
    before = list(Article.objects.order_by("pk").values_list("pk", flat=True)[:5])
    ensure_statutes_loaded()
    assert list(Article.objects.order_by("pk").values_list("pk", flat=True)[:5]) == before


def test_the_command_imports_a_new_law(tmp_path: Path) -> None:
    law = tmp_path / "测试法.md"
    law.write_text(GOOD, encoding="utf-8")
    out = StringIO()
    call_command("import_statutes", str(law), stdout=out)
    assert "测试法: 2 articles" in out.getvalue()
    assert list(Article.objects.filter(statute__short_name="测试法").values_list("number", flat=True)) == [1, 2]


def test_one_bad_file_rejects_every_file_and_changes_nothing(tmp_path: Path) -> None:
    good, bad = tmp_path / "测试法.md", tmp_path / "坏法.md"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(GOOD.replace("第二条", "第四条"), encoding="utf-8")
    statutes, articles = Statute.objects.count(), Article.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("import_statutes", str(good), str(bad))
    assert f"{bad}:11: article 第四条 is number 4, expected 2" in str(error.value)
    assert (Statute.objects.count(), Article.objects.count()) == (statutes, articles)


def test_a_reimport_updates_articles_in_place_so_citations_survive(tmp_path: Path) -> None:
    law = tmp_path / "测试法.md"
    law.write_text(GOOD, encoding="utf-8")
    statutes_import_files(paths=[law])
    first = Article.objects.get(statute__short_name="测试法", number=1)
    law.write_text(GOOD.replace("甲。", "甲（修正）。").replace("\n第二条 乙。\n", "\n"), encoding="utf-8")
    statutes_import_files(paths=[law])
    again = Article.objects.get(statute__short_name="测试法", number=1)
    assert again.pk == first.pk and again.text == "甲（修正）。" and again.chapter is not None
    assert not Article.objects.filter(statute__short_name="测试法", number=2).exists()
    assert Chapter.objects.filter(statute__short_name="测试法").count() == 1
