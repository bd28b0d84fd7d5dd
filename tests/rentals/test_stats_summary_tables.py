"""The summary tables behind the stats (rentals migration 0001) always equal the aggregates
over `rental`, whichever way rentals are written."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from rentals.models import Rental
from stores.models import Inventory
from tests.factories import (
    CustomerFactory,
    InventoryFactory,
    MovieFactory,
    RentalFactory,
    StoreFactory,
)

pytestmark = pytest.mark.django_db

LIVE = {
    "movie": (
        "SELECT i.movie_id, count(*) FROM rental r JOIN inventory i ON i.id = r.inventory_id "
        "GROUP BY 1 ORDER BY 1"
    ),
    "store": (
        "SELECT i.store_id, count(*), sum(r.amount_paid) FROM rental r "
        "JOIN inventory i ON i.id = r.inventory_id GROUP BY 1 ORDER BY 1"
    ),
    "month": (
        "SELECT date_trunc('month', payment_date AT TIME ZONE 'UTC')::date, count(*), "
        "sum(amount_paid) FROM rental GROUP BY 1 ORDER BY 1"
    ),
}
SUMMARY = {
    "movie": "SELECT movie_id, total_rentals FROM rental_stats_movie ORDER BY 1",
    "store": "SELECT store_id, total_rentals, revenue FROM rental_stats_store ORDER BY 1",
    "month": "SELECT month, total_rentals, revenue FROM rental_stats_month ORDER BY 1",
}


def rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def assert_summaries_match():
    for name in LIVE:
        assert rows(SUMMARY[name]) == rows(LIVE[name]), name


@pytest.fixture
def rentals():
    first, second = InventoryFactory(), InventoryFactory()
    made = [RentalFactory(inventory=first, amount_paid="3.00") for _ in range(3)]
    made.append(
        RentalFactory(
            inventory=second,
            amount_paid="7.50",
            payment_date=datetime.datetime(2024, 5, 2, tzinfo=datetime.UTC),
        )
    )
    return made


def test_inserts_are_counted(rentals):
    assert_summaries_match()
    assert rows(SUMMARY["movie"]) == [
        (rentals[0].inventory.movie_id, 3),
        (rentals[3].inventory.movie_id, 1),
    ]


def test_a_bulk_insert_is_counted_once_per_statement(rentals):
    inventory, customer = InventoryFactory(), CustomerFactory()
    Rental.objects.bulk_create(
        [RentalFactory.build(inventory=inventory, customer=customer) for _ in range(5)]
    )
    assert_summaries_match()


def test_updates_of_amount_date_or_inventory_move_the_counts(rentals):
    other = InventoryFactory()
    Rental.objects.filter(id=rentals[0].id).update(amount_paid="1.00")
    Rental.objects.filter(id=rentals[1].id).update(
        payment_date=datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)
    )
    Rental.objects.filter(id=rentals[2].id).update(inventory=other)
    assert_summaries_match()


def test_a_return_changes_no_summary_row(rentals):
    before = {name: rows(sql) for name, sql in SUMMARY.items()}
    Rental.objects.filter(id=rentals[0].id).update(
        return_date=datetime.datetime(2024, 1, 20, tzinfo=datetime.UTC), delayed_by_days=7
    )
    assert {name: rows(sql) for name, sql in SUMMARY.items()} == before


def test_deletes_remove_counts_and_emptied_rows(rentals):
    Rental.objects.filter(id=rentals[3].id).delete()
    assert_summaries_match()
    assert len(rows(SUMMARY["store"])) == 1


def test_an_inventory_row_moving_movie_or_store_takes_its_rentals_along(rentals):
    inventory = rentals[0].inventory
    Inventory.objects.filter(id=inventory.id).update(movie=MovieFactory(), store=StoreFactory())
    assert_summaries_match()


def test_truncate_empties_the_summaries(rentals):
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE rental")
    assert rows(SUMMARY["movie"]) == rows(SUMMARY["store"]) == rows(SUMMARY["month"]) == []


def test_rebuild_command_recounts_from_the_rentals(rentals):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE rental_stats_store SET revenue = 0, total_rentals = 99")
    call_command("rental_stats_rebuild", stdout=io.StringIO())
    assert_summaries_match()
    assert rows(SUMMARY["store"])[0][2] == Decimal("9.00")


def test_a_seeded_database_has_exact_summaries_and_counts(anon_client):
    # The seed COPYs every table (one statement per table) after a TRUNCATE: the triggers
    # see both.
    RentalFactory()
    call_command("seed", "--scale", "tiny", "--reset", stdout=io.StringIO(), stderr=io.StringIO())
    assert_summaries_match()
    assert rows(SUMMARY["movie"])
    totals = anon_client.get("/api/stats").json()
    assert totals == {
        "totalMovies": rows("SELECT count(*) FROM movie")[0][0],
        "totalActors": rows("SELECT count(*) FROM actor")[0][0],
        "totalCustomers": rows("SELECT count(*) FROM customer")[0][0],
        "totalStaff": rows("SELECT count(*) FROM staff")[0][0],
        "totalStores": rows("SELECT count(*) FROM store")[0][0],
    }
