"""The statute parser: numbers, structure, and file:line errors. No database."""

from __future__ import annotations

from pathlib import Path

import pytest

from baimi.legal.evaluation import civil_code
from baimi.legal.parsing import StatuteFormatError, chinese_number, parse_statute, parse_statute_file
from baimi.legal.services import BUNDLED_STATUTES

HEADER = "# 测试法\n\n2026年1月1日 通过\n\n<!-- INFO END -->\n\n"


@pytest.mark.parametrize(("text", "value"), [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("一百零一", 101), ("二百八十二", 282),
    ("一千零七十七", 1077), ("一千二百六十", 1260), ("一千二百五十四", 1254),
])
def test_chinese_numerals_become_integers(text: str, value: int) -> None:
    assert chinese_number(text) == value


@pytest.mark.parametrize("text", ["", "二二", "第一", "abc"])
def test_a_bad_numeral_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a Chinese numeral"):
        chinese_number(text)


def test_the_civil_code_has_all_1260_articles_in_its_parts() -> None:
    code = civil_code()
    assert [a.number for a in code.articles] == list(range(1, 1261))
    by_number = {a.number: a for a in code.articles}
    assert by_number[282].text.startswith("建设单位、物业服务企业或者其他管理人等利用业主的共有部分产生的收入")
    assert code.heading_names(by_number[282]) == ["所有权", "业主的建筑物区分所有权"]
    assert code.heading_names(by_number[1254]) == ["侵权责任编", "建筑物和物件损害责任"]
    assert "三十日内" in by_number[1077].text and len(by_number[1077].paragraphs) == 2
    assert code.heading_names(by_number[28])[-1] == "监护"  # "监  护" in the source
    subpart = code.parts[by_number[282].part]  # type: ignore[index]
    assert subpart.kind == "subpart" and code.parts[subpart.parent].name == "物权编"  # type: ignore[index]


def test_the_other_two_laws_have_chapters_and_no_parts() -> None:
    mediation, volunteers = (parse_statute_file(p) for p in BUNDLED_STATUTES[1:])
    assert len(mediation.articles) == 35 and len(volunteers.articles) == 44
    assert mediation.parts == [] and [c.name for c in mediation.chapters][:2] == ["总则", "人民调解委员会"]


def test_a_gap_in_the_numbering_is_reported_with_file_and_line() -> None:
    text = HEADER + "## 第一章 总则\n\n第一条 甲。\n\n第三条 乙。\n"
    with pytest.raises(StatuteFormatError) as error:
        parse_statute(text, short_name="测试法", source="测试法.md")
    assert error.value.problems == [
        "测试法.md:11: article 第三条 is number 3, expected 2 (articles must run 1, 2, 3 … without gaps or repeats)"]


def test_every_problem_is_listed_not_just_the_first() -> None:
    text = HEADER + "孤立的文字\n\n## 附录表格\n\n第一条 甲。\n\n第一条 乙。\n"
    with pytest.raises(StatuteFormatError) as error:
        parse_statute(text, short_name="x", source="x.md")
    assert [p.split(": ")[0] for p in error.value.problems] == ["x.md:7", "x.md:9", "x.md:13"]


def test_a_file_without_title_or_header_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("第一条 甲。\n", encoding="utf-8")
    with pytest.raises(StatuteFormatError, match=r"bad.md:1: the file must start with '# <title"):
        parse_statute_file(bad)
    bad.write_text("# 法\n第一条 甲。\n", encoding="utf-8")
    with pytest.raises(StatuteFormatError, match="INFO END"):
        parse_statute_file(bad)
    bad.write_bytes("# 法".encode("gbk") + b"\xff\xfe")
    with pytest.raises(StatuteFormatError, match="cannot read as UTF-8"):
        parse_statute_file(bad)


def test_paragraphs_and_a_section_outside_a_chapter() -> None:
    text = HEADER + "### 第一节 一般规定\n\n第一条 甲。\n\n第二款内容。\n"
    with pytest.raises(StatuteFormatError, match="section .* outside any chapter"):
        parse_statute(text, short_name="x")
    ok = parse_statute(HEADER + "## 第一章 总则\n\n第一条 甲。\n\n第二款内容。\n", short_name="x")
    assert ok.articles[0].paragraphs == ["甲。", "第二款内容。"] and ok.title == "测试法"
