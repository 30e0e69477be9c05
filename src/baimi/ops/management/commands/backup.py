from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baimi.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write a backup (database + uploaded files + manifest) as one .tar archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, help="where to write it (default: DATA_DIR/backups)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            archive = create_backup(options["directory"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
