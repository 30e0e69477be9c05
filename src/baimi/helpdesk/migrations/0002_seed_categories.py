"""The six categories of the issue, each with its clocks: medical help and elderly care are the
urgent ones (accept in 3 minutes); a legal question may wait for the adviser's hours."""

from __future__ import annotations

from typing import Any

from django.db import migrations

CATEGORIES = [
    # code, Chinese, English, skill, accept within, be there within, order
    ("medical", "医疗求助", "Medical help", "medical", 3, 10, 1),
    ("elderly_care", "养老照护", "Elderly care", "elderly_care", 3, 10, 2),
    ("repairs", "维修", "Repairs", "repairs", 10, 30, 3),
    ("neighbour_dispute", "邻里纠纷", "Neighbour dispute", "mediation", 10, 30, 4),
    ("legal_question", "法律咨询", "Legal question", "legal", 60, 240, 5),
    ("other", "其他", "Other", None, 10, 30, 6),
]


def seed(apps: Any, schema_editor: Any) -> None:
    HelpCategory = apps.get_model("helpdesk", "HelpCategory")
    Skill = apps.get_model("places", "Skill")
    for code, zh, en, skill, ack, arrival, order in CATEGORIES:
        HelpCategory.objects.get_or_create(code=code, defaults={
            "name_zh": zh, "name_en": en, "skill": Skill.objects.filter(code=skill).first() if skill else None,
            "ack_minutes": ack, "arrival_minutes": arrival, "order": order})


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0001_help_requests"), ("places", "0002_seed_categories_and_skills")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
