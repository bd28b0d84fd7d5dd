"""Re-apply schema.sql: statement triggers on customer and address that notify the server
processes keeping customer list pages (reelfake/kept_pages.py, docs/performance.md "Kept
customer pages")."""

from django.db import migrations

from reelfake.db.migrations import apply_schema


class Migration(migrations.Migration):
    dependencies = [("reelfake_schema", "0009_counted_table_changed")]
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
