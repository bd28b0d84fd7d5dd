"""The row counts behind GET /api/stats (stats_row_delta and its triggers), once created
here, now come from reelfake/db/schema.sql (reelfake/db/row_counts.py reads them). This
migration stays, empty, so that databases which ran it keep a consistent migration history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("rentals", "0001_rental_stats")]
    operations = []
