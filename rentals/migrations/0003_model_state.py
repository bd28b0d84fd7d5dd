"""The rentals models in Django's migration state only.

They are `managed = False`: their tables come from reelfake/db/schema.sql (the earlier
migrations here add indexes and triggers in SQL), so these operations change nothing in the
database, and Django keeps no relation fields of unmanaged models in the state. They exist so
that `manage.py makemigrations --check` (`make check`) finds no pending change."""

import django.db.models.expressions
import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("rentals", "0002_stats_row_counts"),
    ]

    operations = [
        migrations.CreateModel(
            name="Cart",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                ("quantity", models.IntegerField(default=1)),
            ],
            options={
                "db_table": "cart",
                "ordering": ["id"],
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="Rental",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                ("rental_start_date", models.DateTimeField()),
                ("rental_end_date", models.DateTimeField()),
                ("return_date", models.DateTimeField(blank=True, null=True)),
                (
                    "rental_duration",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.db.models.functions.datetime.ExtractDay(
                            django.db.models.expressions.CombinedExpression(
                                models.F("rental_end_date"), "-", models.F("rental_start_date")
                            )
                        ),
                        output_field=models.IntegerField(),
                    ),
                ),
                ("delayed_by_days", models.IntegerField(blank=True, null=True)),
                ("amount_paid", models.DecimalField(decimal_places=2, max_digits=5)),
                ("discount_amount", models.DecimalField(decimal_places=2, default=0, max_digits=5)),
                ("payment_date", models.DateTimeField()),
                (
                    "rental_type",
                    models.CharField(
                        choices=[("in-store", "in-store"), ("online", "online")],
                        default="in-store",
                        max_length=10,
                    ),
                ),
            ],
            options={
                "db_table": "rental",
                "ordering": ["id"],
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="Wishlist",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
            ],
            options={
                "db_table": "wishlist",
                "ordering": ["id"],
                "managed": False,
            },
        ),
    ]
