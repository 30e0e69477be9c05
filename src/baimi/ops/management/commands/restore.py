from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baimi.ops.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = ("Replace the database and uploaded files with a backup's. Stop the site and its worker "
            "first. The uploaded files that were there are moved aside, not deleted.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        try:
            manifest = read_manifest(archive)
            self.stdout.write(f"{archive}: {manifest.vendor} database of {manifest.created}, "
                              f"{manifest.media_files} uploaded files")
            if not options["yes"] and input("Replace this site's data with it? [y/N] ").strip().lower() != "y":
                raise CommandError("not restored")
            restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("restored"))
