from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baimi.dashboard.aggregate import aggregate_figures
from baimi.dashboard.sources import parse_month


class Command(BaseCommand):
    help = "Recompute the dashboard's monthly figures for the whole division tree."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months", type=int, default=12, help="how many months back (default 12)")
        parser.add_argument("--until", help="the last month, YYYY-MM (default: this month)")

    def handle(self, *args: Any, **options: Any) -> None:
        until = parse_month(options["until"]) if options["until"] else None
        if options["until"] and until is None:
            raise CommandError("--until must be a month like 2026-03")
        if options["months"] < 1 or options["months"] > 120:
            raise CommandError("--months must be between 1 and 120")
        result = aggregate_figures(months=options["months"], until=until)
        self.stdout.write(f"{result.rows} figures for {result.months[0]:%Y-%m} … {result.months[-1]:%Y-%m} "
                          f"in {result.seconds:.2f} s")
        for missing in result.missing:
            self.stdout.write(f"no data: {missing}")
