"""The search index over the statute library and the community's curated answers, kept in memory.

The article index is built once per process (a second or two for the Civil Code), with the articles'
sentence vectors (``semantic.py``), and rebuilt when a statute is re-imported (its SHA-256 changes).
Answer indexes are small and keyed by the community and its answers' last change.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max

from baimi.legal import semantic
from baimi.legal.models import Article, CuratedAnswer, Statute
from baimi.legal.search import (
    MIN_COVERAGE,
    Document,
    Hit,
    Result,
    SearchIndex,
    article_questions,
    outside_examples,
    questions_of,
)
from baimi.places.models import Division

_lock = threading.Lock()
_article_indexes: dict[tuple[tuple[str, str], ...], SearchIndex] = {}
_answer_indexes: dict[int, tuple[tuple[int, str], SearchIndex]] = {}  # community pk → (version, index)


def article_index(laws: tuple[str, ...] | None = None) -> SearchIndex:
    """The index over the given statutes' articles (all loaded statutes by default).
    Keys are ``(short_name, number)``."""
    statutes = Statute.objects.order_by("short_name")
    if laws is not None:
        statutes = statutes.filter(short_name__in=laws)
    version = tuple(statutes.values_list("short_name", "sha256"))
    with _lock:
        if version not in _article_indexes:
            documents = article_documents([name for name, _ in version])
            _article_indexes.clear()  # one live version at a time: old ones are stale
            _article_indexes[version] = SearchIndex.with_meaning(documents, local=local_vectors_file(),
                                                                 compute_at_most=VECTORS_COMPUTED_ON_DEMAND)
        return _article_indexes[version]


# A page may wait for a few articles' vectors (~70 ms each), never for a whole statute's: those are
# computed by `baimi import_statutes` / `baimi legal_vectors`, and until then the search uses words only.
VECTORS_COMPUTED_ON_DEMAND = 30


def local_vectors_file() -> Path:
    return Path(settings.DATA_DIR) / "legal-vectors.npz"


def article_documents(laws: list[str]) -> list[Document]:
    rows = (Article.objects.filter(statute__short_name__in=laws)
            .select_related("statute", "part", "chapter", "section").order_by("statute_id", "number"))
    return [Document(key=(a.statute.short_name, a.number), text=a.text,
                     headings=[h.name for h in (a.part, a.chapter, a.section) if h is not None],
                     questions=article_questions(a.statute.short_name).get(a.number, ())) for a in rows]


def compute_article_vectors() -> int:
    """Sentence vectors for every loaded article, and its residents' questions, that has none yet (kept in
    the data folder); the number of articles that have one. 0 when vectors are off."""
    documents = article_documents(list(Statute.objects.values_list("short_name", flat=True)))
    vectors = semantic.document_vectors(documents, local=local_vectors_file())
    semantic.question_vectors(questions_of(documents) + [q for q, _ in outside_examples()], local=local_vectors_file())
    return 0 if vectors is None else len(vectors)


@dataclass
class ArticleHit:
    article: Article
    score: float
    matched: list[str]
    cited_by_adviser: bool = False
    asked: str | None = None  # a resident's question stored with the article, near this one (search.Hit.asked)


@dataclass
class AnswerHit:
    answer: CuratedAnswer
    score: float
    matched: list[str]


@dataclass
class Answers:
    question: str
    result: Result
    articles: list[ArticleHit]
    answers: list[AnswerHit]

    @property
    def out_of_scope(self) -> bool:
        return self.result.out_of_scope and not self.answers


def search_articles(question: str, *, laws: tuple[str, ...] | None = None, limit: int = 5,
                    index: SearchIndex | None = None) -> tuple[Result, list[ArticleHit]]:
    """The best articles, none when the question is out of scope (never a wrong answer).
    ``index``: ``article_index(laws)``, if the caller has it already."""
    result = (index or article_index(laws)).search(question, limit=limit)
    if result.out_of_scope:
        return result, []
    wanted: list[tuple[str, int]] = [h.key for h in result.hits]  # type: ignore[misc]  # keys are (law, number)
    rows = Article.objects.select_related("statute").filter(
        statute__short_name__in={name for name, _ in wanted}, number__in={number for _, number in wanted})
    by_key = {(a.statute.short_name, a.number): a for a in rows}
    hits = [ArticleHit(by_key[key], h.score, h.matched, asked=h.asked)
            for key, h in zip(wanted, result.hits, strict=True) if key in by_key]
    return result, hits


def search_answers(question: str, *, community: Division | None, limit: int = 3,
                   statutes: SearchIndex | None = None) -> list[AnswerHit]:
    """The community's curated answers to the question; ``statutes``: the article index, if the caller
    has it already (its word rarities decide whether an answer shares enough)."""
    if community is None:
        return []
    answers = CuratedAnswer.objects.filter(community=community).published()
    summary = answers.aggregate(n=Count("pk"), last=Max("updated_at"))
    if not summary["n"]:
        return []
    version = (summary["n"], str(summary["last"]))
    with _lock:
        cached = _answer_indexes.get(community.pk)
        if cached is None or cached[0] != version:
            documents = [Document(key=a.pk, text=f"{a.question}\n{a.answer}", headings=[a.question])
                         for a in answers]
            cached = _answer_indexes[community.pk] = (version, SearchIndex(documents, use_bigrams=False))
        index = cached[1]
    # An answer must share what the question is about, not one common word (申请, 赔偿): its words
    # must carry MIN_COVERAGE of the question's weight, each weighed by its rarity in the statutes
    # (a lay word the statutes lack, like 漏水, as the rarest: it is what the question is about).
    result = index.search(question, limit=limit)
    statutes = statutes or article_index()
    hits: list[Hit] = [h for h in result.hits
                       if statutes.coverage(result.query, h.matched, unknown_as_rarest=True) >= MIN_COVERAGE]
    by_pk = answers.prefetch_related("articles__statute").in_bulk([h.key for h in hits])
    return [AnswerHit(by_pk[h.key], h.score, h.matched) for h in hits if h.key in by_pk]


def answer_question(question: str, *, community: Division | None) -> Answers:
    """Everything the Q&A page shows: the community's curated answers first, then the articles.

    The articles the matching answers cite come first: an adviser who answered this kind of question
    has already bridged the resident's words to the law, better than any synonym list."""
    index = article_index()  # once: its version check is a query
    result, articles = search_articles(question, index=index)
    answers = search_answers(question, community=community, statutes=index)
    cited: list[ArticleHit] = []
    for hit in answers:
        for article in hit.answer.articles.all():
            if all(c.article.pk != article.pk for c in cited):
                cited.append(ArticleHit(article, hit.score, hit.matched, cited_by_adviser=True))
    rest = [a for a in articles if all(c.article.pk != a.article.pk for c in cited)]
    return Answers(question, result, (cited + rest)[:max(len(articles), len(cited))], answers)
