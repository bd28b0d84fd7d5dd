"""Apply reelfake/db/schema.sql: the one path that creates the schema, for the app and the
tests alike. The SQL is idempotent, so this also runs on an existing reelfake database."""

from pathlib import Path

from django.db import migrations

SCHEMA = Path(__file__).resolve().parent.parent / "schema.sql"


def apply_schema(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(SCHEMA.read_text())


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
