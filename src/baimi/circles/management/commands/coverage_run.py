from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baimi.circles.services import coverage_run_create
from baimi.places.models import Division, Level


class Command(BaseCommand):
    help = "Compute and store straight-line and walking coverage for one community (or all of them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--community", help="12-digit code; default: every community with buildings")
        parser.add_argument("--walk-speed", type=float, default=1.0, help="metres per second (default 1.0)")

    def handle(self, *args: Any, **options: Any) -> None:
        communities = Division.objects.filter(level=Level.COMMUNITY)
        if options["community"]:
            communities = communities.filter(code=options["community"])
            if not communities.exists():
                raise CommandError(f"no community {options['community']!r}")
        else:
            communities = communities.filter(coverage_runs__isnull=True, lon__isnull=False).filter(
                pk__in=Division.objects.filter(level=Level.GROUP, buildings__isnull=False).values("parent"))
        for community in communities.distinct():
            run = coverage_run_create(community=community, walk_speed_m_s=options["walk_speed"])
            overall = run.summary.get("community", {}).get("all", {})
            straight, walk = overall.get("straight", 0), overall.get("walk", 0)
            self.stdout.write(
                f"{community.name}: {run.inputs.get('buildings', 0)} buildings in {run.seconds:.3f} s; "
                f"all four services within 100 m: {straight:.0%} straight, {walk:.0%} walking")
