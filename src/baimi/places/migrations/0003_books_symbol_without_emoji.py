"""The books category's map symbol was an emoji, which office PCs and servers without an emoji
font draw as an empty box; use the CJK character 书 instead (fonts for it are everywhere Chinese is
read)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def use_cjk_symbol(apps: Any, schema_editor: Any) -> None:
    apps.get_model("places", "ServiceCategory").objects.filter(code="books", symbol="📖").update(symbol="书")


class Migration(migrations.Migration):
    dependencies = [("places", "0002_seed_categories_and_skills")]
    operations = [migrations.RunPython(use_cjk_symbol, migrations.RunPython.noop)]
