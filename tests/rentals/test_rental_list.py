"""GET /api/rentals: staff and managers see the rentals they processed at their store,
customers their own."""

import datetime

import pytest

from people.models import Staff
from tests.factories import InventoryFactory, MovieFactory, RentalFactory
from tests.stores.fixtures import UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


def test_anonymous_is_401(anon_client):
    response = anon_client.get("/api/rentals")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_staff_sees_the_rentals_they_processed_at_their_store(
    store_staff_client, store_staff, store, other_store
):
    inventory = InventoryFactory(store=store, movie=MovieFactory(title="Heat"))
    mine = RentalFactory(
        inventory=inventory,
        staff=store_staff,
        return_date=datetime.datetime(2024, 1, 12, 9, 30, 15, 250000, tzinfo=datetime.UTC),
    )
    RentalFactory(inventory=inventory)  # processed by nobody (online)
    RentalFactory(inventory=InventoryFactory(store=other_store), staff=store_staff)
    response = store_staff_client.get("/api/rentals")
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": mine.id,
                "rentalStartDate": "2024-01-10T10:00:00.000Z",
                "rentalEndDate": "2024-01-13T10:00:00.000Z",
                "returnDate": "2024-01-12T09:30:15.250Z",
                "rentalDuration": 3,
                "delayedByDays": None,
                "amountPaid": "9.99",
                "discountAmount": "0.00",
                "paymentDate": "2024-01-10T10:00:00.000Z",
                "rentalType": "in-store",
                "storeId": store.id,
                "movie": {"id": inventory.movie_id, "title": "Heat"},
            }
        ],
        "length": 1,
    }


def test_manager_sees_the_rentals_they_processed(manager_client, store_manager, store_staff):
    inventory = InventoryFactory(store=store_manager.store)
    first = RentalFactory(inventory=inventory, staff=store_manager)
    RentalFactory(inventory=inventory, staff=store_staff)
    second = RentalFactory(inventory=inventory, staff=store_manager)
    body = manager_client.get("/api/rentals").json()
    assert [item["id"] for item in body["items"]] == [first.id, second.id]


def test_customer_sees_their_own_rentals(customer_client, customer, other_customer):
    own = RentalFactory(customer=customer)
    RentalFactory(customer=other_customer)
    response = customer_client.get("/api/rentals")
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["items"]] == [own.id]
    assert body["items"][0]["storeId"] == own.inventory.store_id


def test_staff_without_a_store_is_400(store_staff_client, store_staff):
    Staff.objects.filter(id=store_staff.id).update(store=None)
    response = store_staff_client.get("/api/rentals")
    assert response.status_code == 400
    assert response.json() == error("Preferred store not found for the customer")


def test_optional_page(customer_client, customer):
    rentals = [RentalFactory(customer=customer) for _ in range(51)]
    body = customer_client.get("/api/rentals?page=2").json()
    assert [item["id"] for item in body["items"]] == [rentals[-1].id]
    assert body["pagination"]["totalItems"] == 51
    assert "pagination" not in customer_client.get("/api/rentals").json()


def test_page_past_the_end_is_an_empty_page(customer_client, customer):
    RentalFactory(customer=customer)
    response = customer_client.get("/api/rentals?page=3")
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_post_is_an_unknown_route(customer_client):
    response = customer_client.post("/api/rentals", {}, format="json")
    assert response.status_code == 404
    assert response.json() == {"message": "Route /api/rentals does not exist"}
