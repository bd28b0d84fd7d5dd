"""Re-apply schema.sql: drop the plain b-tree an existing reelfake database has on
actor.actor_name (idx_actor_name), which kept name searches off the trigram index
(docs/performance.md "An existing reelfake database (PostgreSQL 15, citext)")."""

from django.db import migrations

from reelfake.db.migrations import apply_schema


class Migration(migrations.Migration):
    dependencies = [("reelfake_schema", "0007_reference_changed")]
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
