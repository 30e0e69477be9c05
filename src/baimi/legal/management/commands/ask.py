from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from baimi.legal.retrieval import search_articles
from baimi.legal.services import ensure_statutes_loaded


class Command(BaseCommand):
    help = ('Find the articles that decide a question in everyday Chinese: baimi ask "楼上漏水谁负责". '
            'With --json, prints {"articles": [Civil Code article numbers, best first], "out_of_scope": bool}.')

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("question")
        parser.add_argument("--json", action="store_true", help="machine-readable output for scripts")
        parser.add_argument("--limit", type=int, default=5, help="how many articles (default 5)")
        parser.add_argument("--law", default="民法典", help="which statute to search (default 民法典)")

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_statutes_loaded()
        result, hits = search_articles(options["question"], laws=(options["law"],), limit=options["limit"])
        if options["json"]:
            payload = {"articles": [hit.article.number for hit in hits], "out_of_scope": result.out_of_scope}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        if result.out_of_scope:
            if result.query.out_of_scope_marker:
                reason = f"“{result.query.out_of_scope_marker}” is outside the statute library"
            elif result.outside_like:
                reason = f"like “{result.outside_like[0]}”, a matter of {result.outside_like[1]}"
            else:
                reason = "no article covers enough of the question"
            self.stdout.write(f"Out of scope ({reason}): ask the community's legal adviser.")
            return
        added = f"  (+ {' '.join(result.query.added)})" if result.query.added else ""
        self.stdout.write(f"words: {' '.join(result.query.typed)}{added}")
        for rank, hit in enumerate(hits, start=1):
            matched = " ".join(hit.matched)
            self.stdout.write(f"\n{rank}. {hit.article.citation}  score {hit.score:.2f}  matched: {matched}")
            if hit.asked:
                self.stdout.write(f"   asked like: {hit.asked}")
            for paragraph in hit.article.paragraphs:
                self.stdout.write(f"   {paragraph}")
