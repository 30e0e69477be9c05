"""Seed the four service categories the article names, and the skills help requests ask for.

More categories can be added in the admin; these four are what every circle must reach:
不出百米，有医生可看诊；有书可以读；有儿童娱乐场所；有矛盾纠纷调解处.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

CATEGORIES = [
    # code, Chinese, English, map symbol, colour, order
    ("medical", "医疗", "Doctor", "✚", "#c62828", 10),
    ("books", "阅读", "Books", "📖", "#1565c0", 20),
    ("children", "儿童", "Children's play", "★", "#2e7d32", 30),
    ("mediation", "调解", "Mediation", "⚖", "#6a1b9a", 40),
]

SKILLS = [
    ("medical", "医疗救助", "Medical help"),
    ("elderly_care", "养老照护", "Elderly care"),
    ("repairs", "维修", "Repairs"),
    ("mediation", "纠纷调解", "Dispute mediation"),
    ("legal", "法律咨询", "Legal advice"),
    ("childcare", "儿童看护", "Childcare"),
]


def seed(apps: Any, schema_editor: Any) -> None:
    category = apps.get_model("places", "ServiceCategory")
    for code, zh, en, symbol, colour, order in CATEGORIES:
        category.objects.update_or_create(
            code=code,
            defaults={"name_zh": zh, "name_en": en, "symbol": symbol, "colour": colour, "sort_order": order},
        )
    skill = apps.get_model("places", "Skill")
    for code, zh, en in SKILLS:
        skill.objects.update_or_create(code=code, defaults={"name_zh": zh, "name_en": en})


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
