"""Re-apply schema.sql: a statement trigger on movie INSERT that notifies the server processes
keeping movie list pages (movies/views.py, docs/performance.md "Kept movie pages")."""

from django.db import migrations

from reelfake.db.migrations import apply_schema


class Migration(migrations.Migration):
    dependencies = [("reelfake_schema", "0012_movie_details_kept")]
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
