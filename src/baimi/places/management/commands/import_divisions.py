from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baimi.places.importing.divisions import (
    DEFAULT_DIVISIONS,
    DEFAULT_PLACES,
    import_division_points,
    import_divisions,
)
from baimi.places.importing.errors import ImportRejected


class Command(BaseCommand):
    help = "Load the NBS division list (Altay's, bundled, by default) and the known centre points."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_DIVISIONS,
                            help="CSV with code,name,level,parent_code (default: the bundled 2023 list)")
        parser.add_argument("--points", type=Path, default=DEFAULT_PLACES,
                            help="CSV with name,code,lon,lat,crs (default: the bundled Altay places)")
        parser.add_argument("--no-points", action="store_true", help="do not load centre points")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = import_divisions(options["file"])
            points = 0 if options["no_points"] else import_division_points(options["points"])
        except ImportRejected as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"{rows} divisions loaded, {points} centre points set"))
