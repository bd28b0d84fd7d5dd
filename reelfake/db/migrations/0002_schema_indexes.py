"""Re-apply schema.sql: it gained indexes for the catalog and people lists. The file is
idempotent, so databases created by 0001 only get what they lack."""

from django.db import migrations

from reelfake.db.migrations import apply_schema


class Migration(migrations.Migration):
    dependencies = [("reelfake_schema", "0001_schema")]
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
