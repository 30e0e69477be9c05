from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baimi.places.importing.errors import ImportRejected
from baimi.places.importing.walkways import import_walkways


class Command(BaseCommand):
    help = "Import a community's streets and footpaths from OpenStreetMap XML (.osm) or GeoJSON lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--community", required=True, help="12-digit code of the community")
        parser.add_argument("--crs", default="WGS84", help="WGS84 (OpenStreetMap, default), GCJ02 or BD09")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            stats = import_walkways(options["file"], community_code=options["community"], crs=options["crs"])
        except ImportRejected as exc:
            raise CommandError(f"{options['file']}: {exc}") from None
        self.stdout.write(self.style.SUCCESS(
            f"{options['file'].name}: {stats['walkways']} walkways imported ({stats})"))
