"""Re-apply schema.sql: statement triggers on genre, movie_language, country and city that
notify the server processes caching those lists (reelfake/reference.py)."""

from django.db import migrations

from reelfake.db.migrations import apply_schema


class Migration(migrations.Migration):
    dependencies = [("reelfake_schema", "0006_admin_rental_indexes")]
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
