"""Reading a statute in the Markdown format of LawRefBook/Laws (see ``data/statutes/SOURCE.md``).

No Django here: the parser returns dataclasses, so the importer, the search benchmark and the tests
can all use it without a database. A malformed file raises :class:`StatuteFormatError` listing every
problem as ``file:line: reason`` — nothing is half-read.

The format: ``# title``, a header of dates ending at ``<!-- INFO END -->``, then headings and
articles. Heading depth is relative (``##`` is a chapter in one part and a sub-part in another), so
headings are classified by their words instead: ``第…编``/a bare ``#`` is a part, ``第…分编`` a
sub-part, ``第…章`` a chapter, ``第…节`` a section. Articles start a line with ``第…条`` and a space;
the following non-empty lines up to the next article or heading are its paragraphs (款).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL = "[零〇一二两三四五六七八九十百千]+"

ARTICLE_RE = re.compile(rf"^第({NUMERAL})条[\s　]+(.*)$")
SUBPART_RE = re.compile(rf"^第({NUMERAL})分编\s*(.*)$")
PART_RE = re.compile(rf"^第({NUMERAL})编\s*(.*)$")
CHAPTER_RE = re.compile(rf"^第({NUMERAL})章\s*(.*)$")
SECTION_RE = re.compile(rf"^第({NUMERAL})节\s*(.*)$")
HEADING_RE = re.compile(r"^(#+)\s*(.*?)\s*$")
INFO_END = "<!-- INFO END -->"


def chinese_number(text: str) -> int:
    """``一千二百六十`` → 1260, ``一百零一`` → 101, ``十`` → 10. Raises ValueError otherwise."""
    if not text or any(c not in _DIGITS and c not in _UNITS for c in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            if digit is not None and digit != 0:
                raise ValueError(f"not a Chinese numeral: {text!r}")
            digit = _DIGITS[char]
        else:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
    return total + (digit or 0)


def _name(text: str) -> str:
    # Titles are spaced out in the source ("监  护", "准 合 同"); Chinese titles never need spaces.
    return re.sub(r"\s+", "", text)


@dataclass
class ParsedArticle:
    number: int
    paragraphs: list[str]
    line: int
    part: int | None = None  # indexes into ParsedStatute.parts / chapters / sections
    chapter: int | None = None
    section: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class ParsedHeading:
    kind: str  # "part", "subpart", "chapter", "section"
    number: int
    name: str
    line: int
    parent: int | None = None  # for a chapter: its part index; for a section: its chapter index


@dataclass
class ParsedStatute:
    short_name: str
    title: str
    preamble: str
    sha256: str
    parts: list[ParsedHeading] = field(default_factory=list)
    chapters: list[ParsedHeading] = field(default_factory=list)
    sections: list[ParsedHeading] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)

    def heading_names(self, article: ParsedArticle) -> list[str]:
        """The part, chapter and section names above an article, outermost first."""
        names = []
        if article.part is not None:
            names.append(self.parts[article.part].name)
        if article.chapter is not None:
            names.append(self.chapters[article.chapter].name)
        if article.section is not None:
            names.append(self.sections[article.section].name)
        return names


class StatuteFormatError(ValueError):
    """A statute file that does not follow the format; ``problems`` are ``file:line: reason``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def parse_statute_file(path: Path, short_name: str | None = None) -> ParsedStatute:
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StatuteFormatError([f"{path}: cannot read as UTF-8 text ({exc})"]) from None
    return parse_statute(text, short_name=short_name or path.stem, source=str(path))


def parse_statute(text: str, *, short_name: str, source: str = "<text>") -> ParsedStatute:  # noqa: C901
    lines = text.splitlines()
    problems: list[str] = []

    def problem(lineno: int, reason: str) -> None:
        problems.append(f"{source}:{lineno}: {reason}")

    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not lines[first].startswith("# "):
        raise StatuteFormatError([f"{source}:{(first or 0) + 1}: the file must start with '# <title of the law>'"])
    if INFO_END not in lines:
        raise StatuteFormatError([f"{source}:{first + 1}: no '{INFO_END}' line after the title and dates"])
    info_end = lines.index(INFO_END)
    statute = ParsedStatute(
        short_name=short_name, title=lines[first][2:].strip(),
        preamble="\n".join(line.strip() for line in lines[first + 1:info_end] if line.strip()),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    part = top_part = chapter = section = None
    current: ParsedArticle | None = None
    for index in range(info_end + 1, len(lines)):
        lineno, line = index + 1, lines[index].strip()
        if not line:
            continue
        heading = HEADING_RE.match(line)
        if heading:
            current = None
            hashes, words = heading.groups()
            if not words:
                continue  # the Civil Code's 附则 has an empty "##": nothing to record
            matched = None
            for kind, regex in (("subpart", SUBPART_RE), ("part", PART_RE), ("chapter", CHAPTER_RE),
                                ("section", SECTION_RE)):
                if m := regex.match(words):
                    matched = (kind, chinese_number(m.group(1)), _name(m.group(2)))
                    break
            if matched is None and len(hashes) == 1:
                matched = ("part", len(statute.parts) + 1, _name(words))  # "# 物权编", "# 附则"
            if matched is None:
                problem(lineno, f"heading {line!r} is not a part (编), sub-part (分编), chapter (章) or section (节)")
                continue
            kind, number, name = matched
            if kind == "part":
                number = len(statute.parts) + 1 if not PART_RE.match(words) else number
                statute.parts.append(ParsedHeading("part", number, name, lineno))
                part = top_part = len(statute.parts) - 1
                chapter = section = None
            elif kind == "subpart":
                if top_part is None:
                    problem(lineno, f"sub-part {line!r} outside any part")
                    continue
                # A sub-part is recorded as a part whose parent is the enclosing part.
                statute.parts.append(ParsedHeading("subpart", number, name, lineno, parent=top_part))
                part, chapter, section = len(statute.parts) - 1, None, None
            elif kind == "chapter":
                statute.chapters.append(ParsedHeading("chapter", number, name, lineno, parent=part))
                chapter, section = len(statute.chapters) - 1, None
            else:
                if chapter is None:
                    problem(lineno, f"section {line!r} outside any chapter")
                    continue
                statute.sections.append(ParsedHeading("section", number, name, lineno, parent=chapter))
                section = len(statute.sections) - 1
            continue
        if m := ARTICLE_RE.match(line):
            number = chinese_number(m.group(1))
            expected = len(statute.articles) + 1
            if number != expected:
                problem(lineno, f"article 第{m.group(1)}条 is number {number}, expected {expected} "
                                f"(articles must run 1, 2, 3 … without gaps or repeats)")
            current = ParsedArticle(number, [m.group(2).strip()], lineno, part, chapter, section)
            statute.articles.append(current)
            continue
        if current is None:
            problem(lineno, f"text outside any article: {line[:30]!r}")
            continue
        current.paragraphs.append(line)
    if not statute.articles:
        problem(len(lines), "no articles found (an article starts a line with 第…条 and a space)")
    for article in statute.articles:
        if not article.paragraphs[0]:
            problem(article.line, f"article {article.number} has no text")
    if problems:
        raise StatuteFormatError(problems)
    return statute
