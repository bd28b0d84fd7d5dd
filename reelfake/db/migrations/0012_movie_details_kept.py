"""Re-apply schema.sql: statement triggers on movie, movie_actor and actor that notify the
server processes keeping movie details (reelfake/kept_pages.py kept_item(),
docs/performance.md "Kept movie details")."""

from django.db import migrations

from reelfake.db.migrations import apply_schema


class Migration(migrations.Migration):
    dependencies = [("reelfake_schema", "0011_address_changed")]
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
