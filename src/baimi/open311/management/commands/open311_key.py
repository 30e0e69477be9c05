"""``baimi open311_key create --name ... --community CODE`` prints a new key once;
``baimi open311_key list`` and ``baimi open311_key revoke ID``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baimi.caching import forget_all
from baimi.open311.models import ApiKey
from baimi.open311.views import KEY_CACHE_S
from baimi.places.models import Division
from baimi.places.models import Level as DivisionLevel


class Command(BaseCommand):
    help = "Create, list or revoke Open311 API keys."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("--name", required=True)
        create.add_argument("--community", required=True, help="the community's 12-digit code")
        sub.add_parser("list")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            community = Division.objects.filter(code=options["community"], level=DivisionLevel.COMMUNITY).first()
            if community is None:
                raise CommandError(f"no community with code {options['community']!r}")
            key, raw = ApiKey.issue(name=options["name"], community=community)
            self.stdout.write(f"key {key.pk} for {community.name}: {raw}")
            self.stdout.write("Store it now: only its hash is kept, it cannot be shown again.")
        elif options["action"] == "list":
            for key in ApiKey.objects.select_related("community"):
                state = "active" if key.active else "revoked"
                self.stdout.write(f"{key.pk}\t{key.shown_prefix}…\t{key.name}\t{key.community.code}\t{state}")
        else:
            if not ApiKey.objects.filter(pk=options["id"]).update(active=False):
                raise CommandError(f"no key {options['id']}")
            forget_all()  # this process at once; the web server's processes within KEY_CACHE_S
            self.stdout.write(f"key {options['id']} revoked (the server refuses it within "
                              f"{KEY_CACHE_S:g} seconds)")
