"""The shared body of the three file-import commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baimi.places.importing import ImportRejected, run_import


class ImportFileCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=".csv or .geojson (columns: docs/importing.md)")
        parser.add_argument("--community", required=True, help="12-digit code of the community")
        parser.add_argument("--crs", default="WGS84",
                            help="coordinate system of the file: WGS84 (default, also CGCS2000), GCJ02 or BD09")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = run_import(self.kind, options["file"], community_code=options["community"],
                                crs=options["crs"])
        except ImportRejected as exc:
            raise CommandError(f"{options['file']}: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"{result.file}: {result.rows} {self.kind.replace('_', ' ')} imported"))
