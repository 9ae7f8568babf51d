"""On PostgreSQL the audit log refuses UPDATE and DELETE: history is appended, never rewritten.

TRUNCATE is left alone (it fires no row trigger): test databases are flushed with it, and an
operator wiping the whole log is caught by the verifier against the daily anchors.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_activitylog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % of entry % refused', TG_OP, OLD.id
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_activitylog_append_only
    BEFORE UPDATE OR DELETE ON core_activitylog
    FOR EACH ROW EXECUTE FUNCTION core_activitylog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS core_activitylog_append_only ON core_activitylog;
DROP FUNCTION IF EXISTS core_activitylog_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no placeholders: "%" is plpgsql's

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_generated_files_numbers_notices"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False),
    ]
