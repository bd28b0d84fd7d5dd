"""Parallel checkouts against the live test database: when more customers check out the last
copies at the same moment than there are copies, exactly as many succeed as there were
copies, the rest get 409, and stock never goes below zero."""

import pytest
from django.db import connection

from rentals.models import Cart, Rental
from stores.models import Inventory
from tests.conftest import all_at_once
from tests.factories import CartFactory, CustomerFactory, InventoryFactory, MovieFactory
from tests.stores.fixtures import client_for

pytestmark = pytest.mark.django_db(transaction=True)


def checkout_all_at_once(clients) -> list[int]:
    """POST /rentals/checkout from every client in its own thread, released together."""
    return all_at_once(
        [
            lambda c=client: c.post("/api/rentals/checkout", {}, format="json").status_code
            for client in clients
        ]
    )


def test_only_as_many_checkouts_as_copies_succeed(store):
    movie = MovieFactory()
    inventory = InventoryFactory(movie=movie, store=store, stock_count=3)
    customers = [CustomerFactory(preferred_store=store) for _ in range(8)]
    for customer in customers:
        CartFactory(customer=customer, movie=movie, quantity=1)
    clients = [client_for(customer) for customer in customers]

    statuses = checkout_all_at_once(clients)

    assert sorted(statuses) == [201] * 3 + [409] * 5
    assert Inventory.objects.get(id=inventory.id).stock_count == 0
    assert Rental.objects.filter(inventory=inventory).count() == 3
    assert Cart.objects.count() == 5  # the refused checkouts keep their carts
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT total_rentals FROM rental_stats_movie WHERE movie_id = %s", [movie.id]
        )
        assert cursor.fetchone() == (3,)


def test_multi_movie_carts_neither_deadlock_nor_oversell(store):
    first, second = MovieFactory(), MovieFactory()
    rows = [InventoryFactory(movie=movie, store=store, stock_count=4) for movie in (first, second)]
    customers = [CustomerFactory(preferred_store=store) for _ in range(6)]
    for customer in customers:
        CartFactory(customer=customer, movie=second, quantity=1)
        CartFactory(customer=customer, movie=first, quantity=1)
    clients = [client_for(customer) for customer in customers]

    statuses = checkout_all_at_once(clients)

    assert sorted(statuses) == [201] * 4 + [409] * 2
    assert [Inventory.objects.get(id=row.id).stock_count for row in rows] == [0, 0]
    assert Rental.objects.count() == 8
