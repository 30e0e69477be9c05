"""The ``baimi`` console script: Django's management commands under one name.

``baimi migrate``, ``baimi runserver``, ``baimi demo`` … are ``django-admin`` with Baimi's
settings already chosen, so an operator never has to export DJANGO_SETTINGS_MODULE.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baimi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["baimi", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
