"""The stats summaries and row counts come from reelfake/db/schema.sql, like every other table
(docs/stores.md "Stats: how they stay fast and current"): applying the file creates them, and
counts what a database already holds when they are missing, once."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython, RunSQL

from reelfake.db.migrations import SCHEMA
from reelfake.db.row_counts import table_row_counts
from tests.factories import ActorFactory, InventoryFactory, MovieFactory, RentalFactory
from tests.rentals.test_stats_summary_tables import assert_summaries_match, rows

pytestmark = pytest.mark.django_db


def apply_schema_sql():
    with connection.cursor() as cursor:
        cursor.execute(SCHEMA.read_text())


@pytest.fixture
def rentals():
    inventory = InventoryFactory()
    return [RentalFactory(inventory=inventory, amount_paid="2.50") for _ in range(3)]


def test_missing_summaries_are_created_and_count_the_existing_rentals(rentals):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE rental_stats_movie, rental_stats_store, rental_stats_month")
    apply_schema_sql()
    assert rows("SELECT sum(total_rentals) FROM rental_stats_month") == [(3,)]
    assert_summaries_match()


def test_applying_the_file_again_counts_nothing_twice(rentals):
    apply_schema_sql()
    apply_schema_sql()
    assert rows("SELECT sum(total_rentals) FROM rental_stats_month") == [(3,)]
    assert_summaries_match()


def test_rentals_written_after_the_file_is_applied_again_are_counted(rentals):
    apply_schema_sql()
    RentalFactory(inventory=rentals[0].inventory)
    assert rows("SELECT sum(total_rentals) FROM rental_stats_month") == [(4,)]
    assert_summaries_match()


def test_missing_row_counts_are_created_and_count_the_existing_rows():
    MovieFactory.create_batch(2)
    ActorFactory()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE stats_row_delta")
    apply_schema_sql()
    counts = table_row_counts()
    assert counts["movie"] == rows("SELECT count(*) FROM movie")[0][0]
    assert counts["actor"] == rows("SELECT count(*) FROM actor")[0][0]
    MovieFactory()
    assert table_row_counts()["movie"] == counts["movie"] + 1


def test_the_rentals_migrations_run_no_sql():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    operations = [
        operation
        for (app, _), migration in loader.disk_migrations.items()
        if app == "rentals"
        for operation in migration.operations
    ]
    assert not [op for op in operations if isinstance(op, RunSQL | RunPython)]
