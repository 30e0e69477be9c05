"""Citations in an adviser's text become links; matched words are marked; nothing else is trusted HTML."""

from __future__ import annotations

from baimi.legal.templatetags.legal import cite_links, highlighted


def test_citations_become_article_links_and_the_rest_is_escaped() -> None:
    html = cite_links("依据民法典 第282条和人民调解法第三十三条。<b>")
    assert '<a href="/legal/laws/%E6%B0%91%E6%B3%95%E5%85%B8/282/">民法典 第282条</a>' in html
    assert ">人民调解法 第33条</a>" in html and html.endswith("。&lt;b&gt;")


def test_highlighting_marks_matches_and_escapes_text() -> None:
    assert highlighted("<共有部分>的收入", ["共有部分"]) == "&lt;<mark>共有部分</mark>&gt;的收入"
