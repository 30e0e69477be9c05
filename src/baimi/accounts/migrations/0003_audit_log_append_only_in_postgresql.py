"""On PostgreSQL the database itself keeps the audit log append-only, so a bulk ``update()`` or
``delete()`` (which skip the model's own refusal), a script or a console session cannot rewrite
history either. Two changes stay possible: clearing ``user_id`` when a user is erased (the
``SET NULL`` of the foreign key; the user name stays in the row), and deleting rows older than six
months (PIPL practice: the minimum they are kept). SQLite, the single-laptop set-up, relies on the
model's refusal alone (Django's test flush there deletes rows one table at a time)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION baimi_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.user_id IS NULL
       AND ROW(NEW.id, NEW.at, NEW.username, NEW.action, NEW.object_type, NEW.object_id, NEW.object_repr,
               NEW.area_path, NEW.outcome, NEW.ip, NEW.detail)
           IS NOT DISTINCT FROM
           ROW(OLD.id, OLD.at, OLD.username, OLD.action, OLD.object_type, OLD.object_id, OLD.object_repr,
               OLD.area_path, OLD.outcome, OLD.ip, OLD.detail) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND OLD.at < now() - interval '183 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS accounts_auditevent_append_only ON accounts_auditevent;
CREATE TRIGGER accounts_auditevent_append_only BEFORE UPDATE OR DELETE ON accounts_auditevent
    FOR EACH ROW EXECUTE FUNCTION baimi_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS accounts_auditevent_append_only ON accounts_auditevent;
DROP FUNCTION IF EXISTS baimi_audit_append_only();
"""


def _on_postgresql(sql: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
