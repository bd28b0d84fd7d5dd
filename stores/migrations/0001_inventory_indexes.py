"""Indexes the store routes need on the schema's `inventory` table."""

from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = [("reelfake_schema", "0001_schema")]
    operations = [
        migrations.RunSQL(
            # GET /stores/{id}/movies counts and pages a store's in-stock rows by id: an
            # index-only scan in id order, no sort and no table access.
            "CREATE INDEX IF NOT EXISTS inventory_store_in_stock_idx "
            "ON inventory (store_id, id) INCLUDE (movie_id, stock_count) WHERE stock_count > 0",
            "DROP INDEX IF EXISTS inventory_store_in_stock_idx",
            elidable=False,
        )
    ]
