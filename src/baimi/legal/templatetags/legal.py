"""``{{ text|cite_links }}``: turn citations such as 民法典 第282条 in plain text into article links;
``{% highlighted text terms %}``: the text with the matched words marked."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from baimi.legal.parsing import NUMERAL, chinese_number
from baimi.legal.search import highlight

register = template.Library()
CITATION_RE = re.compile(rf"(民法典|人民调解法|志愿服务条例)\s*第\s*(\d+|{NUMERAL})\s*条")


@register.filter
def cite_links(text: str) -> SafeString:
    out, position = [], 0
    for match in CITATION_RE.finditer(text):
        out.append(conditional_escape(text[position:match.start()]))
        name, number = match.group(1), match.group(2)
        value = int(number) if number.isdigit() else chinese_number(number)
        url = reverse("legal:article", args=[name, value])
        out.append(format_html('<a href="{}">{} 第{}条</a>', url, name, value))
        position = match.end()
    out.append(conditional_escape(text[position:]))
    return mark_safe("".join(str(piece) for piece in out))  # noqa: S308 - every piece escaped above


@register.simple_tag
def highlighted(text: str, terms: Iterable[str]) -> SafeString:
    return mark_safe("".join(  # noqa: S308 - every piece escaped
        str(format_html("<mark>{}</mark>", piece)) if matched else str(conditional_escape(piece))
        for piece, matched in highlight(text, terms)))
