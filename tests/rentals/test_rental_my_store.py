"""GET /api/rentals/my_store: every rental of the caller's store, under the `rentals` key."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Staff
from reelfake.renderers import JSONRenderer
from rentals.models import Rental
from rentals.serializers import StoreRentalSerializer
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


def test_numbered_page_reads_the_kept_total_instead_of_counting(manager_client, store, settings):
    settings.REELFAKE_PREPARED_STATEMENTS = False  # the page's SQL shows as it is
    RentalFactory.create_batch(2, inventory=InventoryFactory(store=store))
    manager_client.get("/api/rentals/my_store?page=1")
    with CaptureQueriesContext(connection) as queries:
        manager_client.get("/api/rentals/my_store?page=1")
    page_sql = queries.captured_queries[-1]["sql"]
    assert len(queries) == 2  # the caller's identity, the page with its total
    assert "rental_stats_store" in page_sql and "count(" not in page_sql


def _varied_rentals(store, count):
    """Rentals with every field's interesting values: returned with a delay, microseconds,
    a non-UTC offset, a discount."""
    inventories = [InventoryFactory(store=store, stock_count=n) for n in range(3)]
    rentals = []
    for n in range(count):
        fields = {}
        if n % 3 == 1:
            fields = {
                "return_date": datetime.datetime(2024, 1, 15, 9, 30, 5, 123987, tzinfo=PLUS_TEN),
                "delayed_by_days": 2,
                "amount_paid": "12.50",
                "discount_amount": "1.05",
            }
        rentals.append(RentalFactory(inventory=inventories[n % 3], **fields))
    return rentals


PLUS_TEN = datetime.timezone(datetime.timedelta(hours=10))


def test_numbered_page_body_is_the_serializers_bytes(manager_client, store, other_store):
    _varied_rentals(store, 53)
    RentalFactory(inventory=InventoryFactory(store=other_store))
    response = manager_client.get("/api/rentals/my_store?page=2")
    rentals = Rental.objects.filter(inventory__store=store).order_by("id")[50:]
    expected = {
        "rentals": StoreRentalSerializer(rentals, many=True).data,
        "length": 3,
        "pagination": {
            "pageNumber": 2,
            "totalPages": 2,
            "totalItems": 53,
            "itemsPerPage": 50,
            "next": None,
            "prev": "?page=1",
            "first": "?page=first",
            "last": "?page=last",
        },
    }
    assert response.status_code == 200
    assert response.content == JSONRenderer().render(expected)


def test_unpaged_body_is_the_serializers_bytes(manager_client, store):
    _varied_rentals(store, 4)
    response = manager_client.get("/api/rentals/my_store")
    rentals = Rental.objects.filter(inventory__store=store).order_by("id")
    expected = {"rentals": StoreRentalSerializer(rentals, many=True).data, "length": 4}
    assert response.content == JSONRenderer().render(expected)


def test_numbered_page_is_two_queries_the_callers_identity_and_the_compiled_page(
    manager_client, store, django_assert_num_queries
):
    RentalFactory.create_batch(2, inventory=InventoryFactory(store=store))
    # The connection's first page prepares the statement (reelfake/db/compiled.py).
    manager_client.get("/api/rentals/my_store?page=1")
    with django_assert_num_queries(2) as queries:
        response = manager_client.get("/api/rentals/my_store?page=1")
    assert response.json()["length"] == 2
    page_sql = queries.captured_queries[-1]["sql"]
    assert page_sql.startswith("EXECUTE reelfake_prepared_")
    assert page_sql.endswith(f"({store.id}, {store.id})")  # the store's rentals, its total


def test_numbered_page_of_another_store_reads_that_stores_rentals(
    manager_client, store, other_manager_client, other_store
):
    RentalFactory.create_batch(3, inventory=InventoryFactory(store=store))
    other = RentalFactory(inventory=InventoryFactory(store=other_store))
    manager_client.get("/api/rentals/my_store?page=1")  # compiles the page for store 1
    body = other_manager_client.get("/api/rentals/my_store?page=1").json()
    assert ([item["id"] for item in body["rentals"]], body["length"]) == ([other.id], 1)
