"""Re-apply schema.sql: rental (rental_start_date, id), (store_id, rental_start_date, id),
(store_id, customer_id), and the open rentals by (store_id, rental_end_date), for the
admin's change lists and dashboard."""

from django.db import migrations

from reelfake.db.migrations import apply_schema


class Migration(migrations.Migration):
    dependencies = [("reelfake_schema", "0005_session_version")]
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
