"""The stats summary tables' models in Django's migration state only: the tables come from
reelfake/db/schema.sql, these models are `managed = False` and read by rentals/stats.py. No
database change (as 0003_model_state.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("movies", "__first__"),
        ("rentals", "0003_model_state"),
        ("stores", "0002_model_state"),
    ]

    operations = [
        migrations.CreateModel(
            name="RentalStatsMonth",
            fields=[
                ("month", models.DateField(primary_key=True, serialize=False)),
                ("total_rentals", models.BigIntegerField()),
                ("revenue", models.DecimalField(decimal_places=2, max_digits=14)),
            ],
            options={
                "db_table": "rental_stats_month",
                "ordering": ["month"],
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="RentalStatsMovie",
            fields=[
                (
                    "movie",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="movies.movie",
                    ),
                ),
                ("total_rentals", models.BigIntegerField()),
            ],
            options={
                "db_table": "rental_stats_movie",
                "ordering": ["-total_rentals", "movie_id"],
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="RentalStatsStore",
            fields=[
                (
                    "store",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="stores.store",
                    ),
                ),
                ("total_rentals", models.BigIntegerField()),
                ("revenue", models.DecimalField(decimal_places=2, max_digits=14)),
            ],
            options={
                "db_table": "rental_stats_store",
                "ordering": ["-revenue", "store_id"],
                "managed": False,
            },
        ),
    ]
