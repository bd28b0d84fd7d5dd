"""Re-apply schema.sql: a statement trigger on actor that notifies the server processes
keeping search totals (reelfake/kept_counts.py, docs/performance.md "Kept search totals")."""

from django.db import migrations

from reelfake.db.migrations import apply_schema


class Migration(migrations.Migration):
    dependencies = [("reelfake_schema", "0008_drop_reelfake_actor_name_index")]
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
