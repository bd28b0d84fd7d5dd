"""The reelfake schema: reelfake/db/schema.sql, applied once to a database with no migration
history (an empty one, or an existing reelfake database: every statement is idempotent).

Squashed 0001_schema to 0013_movie_pages_kept (Django's squashing); their files are gone.
`replaces` stays so that a database which applied all 13 counts this one as applied and runs
nothing; a database that stopped partway through them fails reelfake.E003 with what to do
(reelfake/checks.py). It is the only migration that runs the file; later schema changes are
migrations carrying their own SQL (docs/testing.md "Schema and migrations",
reelfake/db/migrations/__init__.py)."""

from django.db import migrations

from reelfake.db.migrations import apply_schema

# schema_digest(schema.sql) as of this migration; the latest migration of this app records
# the file's current one (tests/core/test_schema_source.py).
SCHEMA_DIGEST = "7bde0c2fbd86e729"


class Migration(migrations.Migration):
    initial = True
    replaces = [
        ("reelfake_schema", "0001_schema"),
        ("reelfake_schema", "0002_schema_indexes"),
        ("reelfake_schema", "0003_rental_inventory_id_id_idx"),
        ("reelfake_schema", "0004_rental_store_id"),
        ("reelfake_schema", "0005_session_version"),
        ("reelfake_schema", "0006_admin_rental_indexes"),
        ("reelfake_schema", "0007_reference_changed"),
        ("reelfake_schema", "0008_drop_reelfake_actor_name_index"),
        ("reelfake_schema", "0009_counted_table_changed"),
        ("reelfake_schema", "0010_kept_pages_changed"),
        ("reelfake_schema", "0011_address_changed"),
        ("reelfake_schema", "0012_movie_details_kept"),
        ("reelfake_schema", "0013_movie_pages_kept"),
    ]
    dependencies = []
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
