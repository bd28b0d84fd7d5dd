"""Re-apply schema.sql: customer.session_version and staff.session_version, the session
generation that logout and password changes advance."""

from django.db import migrations

from reelfake.db.migrations import apply_schema


class Migration(migrations.Migration):
    dependencies = [("reelfake_schema", "0004_rental_store_id")]
    operations = [migrations.RunPython(apply_schema, migrations.RunPython.noop, elidable=False)]
