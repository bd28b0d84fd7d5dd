"""Re-apply schema.sql: rental.store_id (copied from the inventory row, kept by a composite
foreign key and triggers) with its (store_id, id) index, and (staff_id, store_id, id)."""

from django.db import migrations

from reelfake.db.migrations import apply_schema


class Migration(migrations.Migration):
    dependencies = [("reelfake_schema", "0003_rental_inventory_id_id_idx")]
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
