"""The six categories of the issue, each with its clocks (the list is in helpdesk/reference.py):
medical help and elderly care are the urgent ones (accept in 3 minutes); a legal question may wait
for the adviser's hours."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from baimi.helpdesk.reference import seed_categories


def seed(apps: Any, schema_editor: Any) -> None:
    seed_categories(apps.get_model("helpdesk", "HelpCategory"), apps.get_model("places", "Skill"))


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0001_help_requests"), ("places", "0002_seed_categories_and_skills")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
