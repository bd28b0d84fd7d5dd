"""The stores models in Django's migration state only.

They are `managed = False`: their tables come from reelfake/db/schema.sql (the earlier
migrations here add indexes and triggers in SQL), so these operations change nothing in the
database, and Django keeps no relation fields of unmanaged models in the state. They exist so
that `manage.py makemigrations --check` (`make check`) finds no pending change."""

import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("stores", "0001_inventory_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="Inventory",
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
                ("stock_count", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name_plural": "inventory",
                "db_table": "inventory",
                "ordering": ["id"],
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="Store",
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
                ("phone_number", models.CharField(max_length=20, unique=True)),
            ],
            options={
                "db_table": "store",
                "ordering": ["id"],
                "managed": False,
            },
        ),
    ]
