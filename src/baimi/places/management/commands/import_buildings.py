from __future__ import annotations

from baimi.places.management.commands._import_file import ImportFileCommand


class Command(ImportFileCommand):
    help = "Import buildings from CSV or GeoJSON into one community; all or nothing."
    kind = "buildings"
