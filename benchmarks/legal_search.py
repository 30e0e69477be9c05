"""Legal search quality and speed: ``.venv/bin/python benchmarks/legal_search.py [--misses]``.

Ranks the evaluation questions (src/baimi/legal/data/eval/questions.tsv) over the whole Civil Code
with Baimi's search and with a plain character-bigram BM25 baseline, and prints top-1 / top-3 / MRR
per split, out-of-scope detection, and the time per question over the Civil Code plus 1,000
generated curated answers. No database needed.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import time

import numpy as np

from baimi.legal import semantic
from baimi.legal.evaluation import (
    UNSEEN_SPLITS,
    civil_code,
    civil_code_documents,
    civil_code_index,
    load_questions,
    score,
)
from baimi.legal.search import Document, SearchIndex, bigram_baseline, questions_of


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true", help="list questions whose answer is not in the top 3")
    args = parser.parse_args()
    documents = civil_code_documents()  # with the residents' questions per article
    plain = civil_code_documents(with_questions=False)  # the article texts alone, for the rows before them
    questions = load_questions()
    in_scope = [q for q in questions if q.answers]
    started = time.perf_counter()
    index = civil_code_index(documents)  # as the page runs it, with the bundled vectors: no model run for them
    build_s = time.perf_counter() - started
    vectors = index.vectors
    systems = {
        "bigram BM25 (baseline)": bigram_baseline(plain),
        "words only (jieba BM25)": _keys(
            SearchIndex(plain, use_synonyms=False, use_headings=False, use_bigrams=False)
        ),
        "+ headings": _keys(SearchIndex(plain, use_synonyms=False, use_bigrams=False)),
        "+ synonyms": _keys(SearchIndex(plain, use_bigrams=False)),
        "+ bigrams (words, all)": _keys(SearchIndex(plain)),
        "+ residents' questions": _keys(SearchIndex(documents)),
    }
    if vectors is not None:
        systems["sentence vectors only"] = _vectors_only(plain, vectors)
        systems["words + vectors (no q.)"] = _keys(SearchIndex(plain, vectors=vectors))
        systems["Baimi (all of it)"] = _keys(index)
    splits = sorted({q.split for q in in_scope}) + ["unseen", "all"]
    print(f"{'system':26} " + " ".join(f"{s + ' (n=' + str(_n(in_scope, s)) + ')':>22}" for s in splits))
    print(f"{'':26} " + " ".join(f"{'top1  top3   MRR':>22}" for _ in splits))
    for name, rank in systems.items():
        cells = []
        for split in splits:
            chosen = [q for q in in_scope if _in(q, split)]
            s = score(rank, chosen)
            cells.append(f"{s.top1:6.3f} {s.top3:5.3f} {s.mrr:5.3f}")
        print(f"{name:26} " + " ".join(f"{c:>22}" for c in cells))

    flagged_out = [q for q in questions if not q.answers and index.search(q.text).out_of_scope]
    flagged_in = [q for q in in_scope if index.search(q.text).out_of_scope]
    print(
        f"\nout of scope: {len(flagged_out)}/{sum(not q.answers for q in questions)} off-library questions "
        f"flagged; {len(flagged_in)}/{len(in_scope)} in-library questions wrongly flagged"
    )
    for q in flagged_in:
        print(f"  wrongly flagged: {q.text}")

    # Speed over the Civil Code plus 1,000 generated curated answers (question + answer text drawn from
    # articles, so they compete with the articles for the same words).
    rng = random.Random(8)
    articles = civil_code().articles
    answers = [
        Document(key=f"answer-{i}", text=rng.choice(articles).text[:120] + rng.choice(articles).text[:80])
        for i in range(1000)
    ]
    # As the Q&A page does it: the article index (with vectors: the question is embedded) and the
    # community's answers (words only), one after the other.
    answer_index = SearchIndex(answers, use_bigrams=False)
    timings = []
    for _ in range(5):
        for q in questions:
            t = time.perf_counter()
            index.search(q.text)
            answer_index.search(q.text)
            timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    p50, p95 = statistics.median(timings), timings[int(0.95 * len(timings)) - 1]
    print(
        f"\nspeed: {len(documents)} articles + 1000 answers, {len(timings)} searches: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms; article index built in {build_s:.1f} s; "
        f"sentence vectors: {semantic.model_name() if vectors is not None else 'off'}; "
        f"{len(questions_of(documents))} residents' questions on {sum(bool(d.questions) for d in documents)} articles"
    )
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")

    if args.misses:
        for q in in_scope:
            keys = _keys(index)(q.text)[:3]
            if not set(keys) & set(q.answers):
                print(f"MISS [{q.split}] {q.text} want {q.answers} got {keys} added={index.analyse(q.text).added}")


def _vectors_only(documents: list[Document], vectors: np.ndarray):  # type: ignore[no-untyped-def]
    def rank(text: str) -> list[object]:
        question = semantic.query_vector(text)
        assert question is not None
        similarity = np.einsum("ij,j->i", vectors, question)
        return [documents[i].key for i in np.argsort(-similarity, kind="stable")[:10]]

    return rank


def _in(question, split: str) -> bool:  # type: ignore[no-untyped-def]
    return split in ("all", question.split) or (split == "unseen" and question.split in UNSEEN_SPLITS)


def _n(questions: list, split: str) -> int:  # type: ignore[type-arg]
    return sum(_in(q, split) for q in questions)


def _keys(index: SearchIndex):  # type: ignore[no-untyped-def]
    return lambda text: [h.key for h in index.search(text).hits]


if __name__ == "__main__":
    main()
