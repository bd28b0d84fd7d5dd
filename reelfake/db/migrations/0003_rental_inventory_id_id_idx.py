"""Re-apply schema.sql: rental's (inventory_id) index becomes (inventory_id, id)."""

from django.db import migrations

from reelfake.db.migrations import apply_schema


class Migration(migrations.Migration):
    dependencies = [("reelfake_schema", "0002_schema_indexes")]
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
