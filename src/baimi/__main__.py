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
    from django.db import DatabaseError

    try:
        execute_from_command_line(["baimi", *args])
    except DatabaseError:
        if _unmigrated():
            sys.exit("baimi: the database is not set up yet (migrations not applied): run `baimi migrate` "
                     "first, or `make demo` for the demo")
        raise


def _unmigrated() -> bool:
    """Whether a database error came from migrations not yet applied (a fresh data folder)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except Exception:  # noqa: BLE001 - the database itself is unreachable: let the original error speak
        return False


if __name__ == "__main__":
    main()
