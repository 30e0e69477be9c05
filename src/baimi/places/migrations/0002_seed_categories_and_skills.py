"""Seed the four service categories the article names, and the skills help requests ask for.

More categories can be added in the admin; these four are what every circle must reach:
不出百米，有医生可看诊；有书可以读；有儿童娱乐场所；有矛盾纠纷调解处.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from baimi.places.reference import CATEGORIES, SKILLS


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
