"""Apply reelfake/db/schema.sql: the one path that creates the schema, for the app and the
tests alike. The SQL is idempotent, so this also runs on an existing reelfake database."""

from django.db import migrations

from reelfake.db.migrations import apply_schema


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
