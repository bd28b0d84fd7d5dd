"""Created inventory_store_in_stock_idx (GET /stores/{id}/movies), which is now part of
reelfake/db/schema.sql with every other index of the schema's tables (docs/testing.md
"Schema and migrations"). This migration stays, empty, so that databases which ran it keep
a consistent history; they keep the index, and a fresh database gets it from the schema."""

from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = [("reelfake_schema", "0001_squashed_0013_schema")]
    operations = []
