"""Re-apply schema.sql: a statement trigger on address that notifies the server processes
keeping address lists by city or state (places/kept.py, docs/performance.md "Kept address
lists")."""

from django.db import migrations

from reelfake.db.migrations import apply_schema


class Migration(migrations.Migration):
    dependencies = [("reelfake_schema", "0010_kept_pages_changed")]
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
