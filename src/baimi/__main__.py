"""The ``baimi`` console script: Django's management commands under one name.

``baimi migrate``, ``baimi runserver``, ``baimi demo`` … are ``django-admin`` with Baimi's
settings already chosen, so an operator never has to export DJANGO_SETTINGS_MODULE.
``baimi coverage`` and ``baimi plan`` are the circle engine's file commands: they run without
Django, a database or the web application (``baimi coverage --help``).
"""

from __future__ import annotations

import os
import sys

ENGINE_COMMANDS = {"coverage": "main_coverage", "plan": "main_plan"}


def main(argv: list[str] | None = None) -> None:
    args = list(argv if argv is not None else sys.argv[1:])
    if args and args[0] in ENGINE_COMMANDS:
        from baimi.geo import cli

        sys.exit(getattr(cli, ENGINE_COMMANDS[args[0]])(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baimi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["baimi", *args])


if __name__ == "__main__":
    main()
