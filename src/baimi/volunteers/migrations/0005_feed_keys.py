"""Calendar-feed keys for teams and volunteers.

Added in three steps because an AddField with a callable default evaluates it once and gives every
existing row the SAME key: add the column (nullable), give each row its own key, then make it unique."""

from typing import Any

from django.db import migrations, models

import baimi.volunteers.models


def give_each_row_its_own_key(apps: Any, schema_editor: Any) -> None:
    for name in ("Team", "Volunteer"):
        model = apps.get_model("volunteers", name)
        for row in model.objects.filter(feed_key__isnull=True).only("pk"):
            row.feed_key = baimi.volunteers.models.new_feed_key()
            row.save(update_fields=["feed_key"])


class Migration(migrations.Migration):

    dependencies = [
        ("volunteers", "0004_signups_attendance_ledger"),
    ]

    operations = [
        migrations.AddField(
            model_name="team", name="feed_key",
            field=models.CharField(editable=False, max_length=32, null=True, verbose_name="calendar key"),
        ),
        migrations.AddField(
            model_name="volunteer", name="feed_key",
            field=models.CharField(editable=False, max_length=32, null=True, verbose_name="calendar key"),
        ),
        migrations.RunPython(give_each_row_its_own_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="team", name="feed_key",
            field=models.CharField(default=baimi.volunteers.models.new_feed_key, editable=False, max_length=32,
                                   unique=True, verbose_name="calendar key"),
        ),
        migrations.AlterField(
            model_name="volunteer", name="feed_key",
            field=models.CharField(default=baimi.volunteers.models.new_feed_key, editable=False, max_length=32,
                                   unique=True, verbose_name="calendar key"),
        ),
    ]
