"""GET /api/rentals/my_store: every rental of the caller's store, under the `rentals` key."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Staff
from rentals.models import Rental
from tests.factories import InventoryFactory, RentalFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


def test_anonymous_is_401(anon_client):
    response = anon_client.get("/api/rentals/my_store")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_customer_is_403(customer_client):
    response = customer_client.get("/api/rentals/my_store")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


@pytest.mark.parametrize("role", ["manager_client", "store_staff_client"])
def test_lists_the_stores_rentals_with_current_stock(request, role, store, other_store):
    inventory = InventoryFactory(store=store, stock_count=4)
    first = RentalFactory(inventory=inventory)
    second = RentalFactory(inventory=InventoryFactory(store=store))
    RentalFactory(inventory=InventoryFactory(store=other_store))
    response = request.getfixturevalue(role).get("/api/rentals/my_store")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["rentals", "length"]
    assert body["length"] == 2
    assert [item["id"] for item in body["rentals"]] == [first.id, second.id]
    assert body["rentals"][0]["movie"] == {
        "id": inventory.movie_id,
        "title": inventory.movie.title,
        "stock": 4,
    }
    assert body["rentals"][0]["storeId"] == store.id


def test_staff_without_a_store_is_400(store_staff_client, store_staff):
    Staff.objects.filter(id=store_staff.id).update(store=None)
    response = store_staff_client.get("/api/rentals/my_store")
    assert response.status_code == 400
    assert response.json() == error("Preferred store not found for the customer")


def test_optional_page_keeps_the_rentals_key(manager_client, store):
    inventory = InventoryFactory(store=store)
    rentals = [RentalFactory(inventory=inventory) for _ in range(51)]
    body = manager_client.get("/api/rentals/my_store?page=last").json()
    assert list(body) == ["rentals", "length", "pagination"]
    assert [item["id"] for item in body["rentals"]] == [rentals[-1].id]
    assert body["pagination"]["pageNumber"] == 2


def test_numbered_page_length_is_the_stores_rentals(manager_client, store, other_store):
    RentalFactory.create_batch(3, inventory=InventoryFactory(store=store))
    RentalFactory(inventory=InventoryFactory(store=other_store))
    body = manager_client.get("/api/rentals/my_store?page=1").json()
    assert (body["length"], len(body["rentals"])) == (3, 3)


def test_numbered_page_length_follows_a_deleted_rental(manager_client, store):
    rentals = RentalFactory.create_batch(3, inventory=InventoryFactory(store=store))
    Rental.objects.filter(id=rentals[0].id).delete()
    body = manager_client.get("/api/rentals/my_store?page=1").json()
    assert (body["length"], len(body["rentals"])) == (2, 2)


def test_numbered_page_reads_the_kept_total_instead_of_counting(manager_client, store):
    RentalFactory.create_batch(2, inventory=InventoryFactory(store=store))
    manager_client.get("/api/rentals/my_store?page=1")
    with CaptureQueriesContext(connection) as queries:
        manager_client.get("/api/rentals/my_store?page=1")
    page_sql = queries.captured_queries[-1]["sql"]
    assert len(queries) == 2  # the caller's identity, the page with its total
    assert "rental_stats_store" in page_sql and "count(" not in page_sql
