"""The stats summary tables (rental_stats_movie, rental_stats_store, rental_stats_month) and
their triggers, once created here, now come from reelfake/db/schema.sql with every other
table (docs/stores.md "Stats: how they stay fast and current"). This migration stays, empty,
so that databases which ran it keep a consistent migration history; schema.sql creates the
same tables, functions and triggers idempotently and counts existing rentals when the
summaries are missing."""

from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = [("reelfake_schema", "0001_squashed_0013_schema")]
    operations = []
