from __future__ import annotations

import contextlib
import unicodedata
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from baimi.accounts.models import User
from baimi.places.demo.community import DEMO_COMMUNITY, DEMO_PASSWORD, build_demo
from baimi.places.models import Household


class Command(BaseCommand):
    help = ("Set up and serve the demo: migrate, load Altay's divisions, generate 赛尔江东路社区 and its "
            "neighbour, create one user per role, print how to log in, serve on 127.0.0.1:8000.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=int, default=2000, help="size of the demo community")
        parser.add_argument("--seed", type=int, default=20191028, help="same seed, same community")
        parser.add_argument("--reset", action="store_true", help="generate again even if it exists")
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not serve")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        exists = Household.objects.filter(community__code=DEMO_COMMUNITY).exists() and User.objects.filter(
            username="worker").exists()
        if options["reset"] or not exists:
            self.stdout.write("Generating the demo community …")
            made = build_demo(households=options["households"], seed=options["seed"])
            self.stdout.write(f"  {made.groups} residents' groups, {made.buildings} buildings, "
                              f"{made.households} households, {made.service_points} service points, "
                              f"{made.staff} staff")
        self._print_logins(options["addrport"])
        if not options["no_serve"]:
            self._serve(options["addrport"])

    def _serve(self, addrport: str) -> None:
        """The web server, with a background worker thread beside it: the embedded set-up needs no
        queue server (production runs `baimi run_huey` as a service instead)."""
        from django.conf import settings

        from baimi.worker import start_worker

        worker = start_worker(settings.HUEY)
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            with contextlib.suppress(KeyboardInterrupt):  # a second Ctrl-C while stopping
                worker.stop()

    def _print_logins(self, addrport: str) -> None:
        self.stdout.write(self.style.SUCCESS(f"\nBaimi demo: http://{addrport}/"))
        self.stdout.write(f"Every demo user's password: {DEMO_PASSWORD}\n")
        self.stdout.write(f"  {'user name':<12} {'role':<28} area")
        for user in User.objects.filter(username__in=[
            "resident", "grid", "worker", "adviser", "mediator", "volunteer", "town", "county",
            "prefecture", "admin", "auditor", "outsider"]).select_related("area").order_by("id"):
            area = user.area.name if user.area else "全部 / all areas"
            self.stdout.write(f"  {user.username:<12} {_pad(str(user.get_role_display()), 28)} {area}")
        self.stdout.write("")


def _pad(text: str, width: int) -> str:
    """Left-align in ``width`` terminal columns: Chinese characters take two columns each."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - columns)
