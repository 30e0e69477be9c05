from __future__ import annotations

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from baimi.volunteers.reference import ensure_activity_types

    ensure_activity_types(apps.get_model("volunteers", "ActivityType"))


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0002_activitytype_campaign_activity_occurrence")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
