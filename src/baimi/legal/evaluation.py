"""The evaluation set (``data/eval/questions.tsv``) and the measures reported in docs/benchmarks.md.

No Django: the benchmark and the tests read the Civil Code straight from its file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from baimi.legal.parsing import ParsedStatute, parse_statute_file
from baimi.legal.search import DATA_DIR, Document, SearchIndex, article_questions

EVAL_FILE = DATA_DIR / "eval" / "questions.tsv"
# The splits nothing was tuned on (the file's header says how each was written); dev and held were.
UNSEEN_SPLITS = ("held2", "held3", "held4", "held5", "held6", "held7", "held8")
CIVIL_CODE = DATA_DIR / "statutes" / "民法典.md"


@dataclass(frozen=True)
class Question:
    split: str  # "dev" (synonyms tuned on it), "held" (written after the synonyms were frozen), "out"
    text: str
    answers: tuple[int, ...]  # Civil Code article numbers that decide it; empty for "out"
    line: int


@dataclass(frozen=True)
class Scores:
    questions: int
    top1: float
    top3: float
    mrr: float


def load_questions() -> list[Question]:
    questions = []
    for lineno, line in enumerate(EVAL_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        split, text, answers, *_ = line.split("\t")
        numbers = () if answers == "-" else tuple(int(n) for n in answers.split(","))
        questions.append(Question(split, text, numbers, lineno))
    return questions


@cache
def civil_code() -> ParsedStatute:
    return parse_statute_file(CIVIL_CODE)


def civil_code_documents(*, with_questions: bool = True) -> list[Document]:
    code = civil_code()
    questions = article_questions("民法典") if with_questions else {}
    return [Document(key=a.number, text=a.text, headings=code.heading_names(a), questions=questions.get(a.number, ()))
            for a in code.articles]


def score(rank: Callable[[str], Sequence[object]], questions: Sequence[Question]) -> Scores:
    """top-k: a correct article among the first k; MRR: mean of 1 / rank of the first correct one."""
    top1 = top3 = reciprocal = 0.0
    for q in questions:
        ranked = list(rank(q.text))[:10]
        first = next((i for i, key in enumerate(ranked) if key in q.answers), None)
        if first is not None:
            top1 += first == 0
            top3 += first < 3
            reciprocal += 1 / (first + 1)
    n = len(questions) or 1
    return Scores(len(questions), round(top1 / n, 3), round(top3 / n, 3), round(reciprocal / n, 3))


def civil_code_index(documents: list[Document] | None = None) -> SearchIndex:
    """The search as the Q&A page runs it over the Civil Code: the articles, their stored questions and
    the off-library examples, with their bundled vectors (words only where the model is missing)."""
    return SearchIndex.with_meaning(civil_code_documents() if documents is None else documents)
