from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baimi.accounts.models import User
from baimi.accounts.personal_data import anonymise, export
from baimi.places.models import Household


class Command(BaseCommand):
    help = ("A person's data on request: `export` writes everything linked to a household or user as "
            "JSON; `anonymise` blanks a household's and its residents' identifying fields (PIPL Art. 45, 47).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "anonymise"])
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--household", metavar="COMMUNITY_CODE:REF", help="e.g. 654322100005:H0001")
        who.add_argument("--user", metavar="USERNAME")
        parser.add_argument("--output", type=Path, help="export: write here instead of standard output")
        parser.add_argument("--by", metavar="USERNAME", help="the operator, for the audit log")
        parser.add_argument("--yes", action="store_true", help="anonymise without asking")

    def handle(self, *args: Any, **options: Any) -> None:
        household, user = self._who(options)
        by = User.objects.filter(username=options["by"]).first() if options["by"] else None
        if options["action"] == "export":
            text = export(by=by, household=household, user=user)
            if options["output"]:
                options["output"].write_text(text, encoding="utf-8")
                self.stdout.write(str(options["output"]))
            else:
                self.stdout.write(text)
            return
        if household is None:
            raise CommandError("anonymise works on a household (--household COMMUNITY_CODE:REF)")
        if not options["yes"] and input(f"Anonymise household {household.ref}? [y/N] ").strip().lower() != "y":
            raise CommandError("nothing changed")
        kept = anonymise(by=by, household=household)
        self.stdout.write(self.style.SUCCESS(f"household {household.pk} anonymised"))
        for label, count in sorted(kept.items()):
            self.stdout.write(f"  still linked, check its free text: {label} × {count}")

    def _who(self, options: dict[str, Any]) -> tuple[Household | None, User | None]:
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
            return user.household, user
        community, _, ref = options["household"].partition(":")
        household = Household.objects.filter(community__code=community, ref=ref).first()
        if household is None:
            raise CommandError(f"no household {ref!r} in community {community!r}")
        return household, None
