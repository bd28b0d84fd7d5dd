"""GET /api/rentals/{id}: the store's managers and staff (staff only for rentals they
processed), or the customer who rented it."""

import pytest

from people.models import Staff
from tests.factories import AddressFactory, InventoryFactory, RentalFactory, StaffFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, client_for, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def rental(store, store_staff, customer):
    return RentalFactory(
        inventory=InventoryFactory(store=store), staff=store_staff, customer=customer
    )


def test_anonymous_is_401(anon_client, rental):
    response = anon_client.get(f"/api/rentals/{rental.id}")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_manager_reads_a_rental_of_the_store_with_each_entitys_own_address(
    manager_client, rental, store, store_manager, store_staff, customer, melbourne, sydney
):
    store_staff.address = AddressFactory(city=melbourne, in_use_by="staff")
    store_staff.save()
    customer.address = AddressFactory(city=sydney, in_use_by="customer")
    customer.save()
    response = manager_client.get(f"/api/rentals/{rental.id}")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == [
        "id",
        "inventoryId",
        "customerId",
        "staffId",
        "rentalStartDate",
        "rentalEndDate",
        "returnDate",
        "rentalDuration",
        "delayedByDays",
        "amountPaid",
        "discountAmount",
        "paymentDate",
        "rentalType",
        "processedBy",
        "inventory",
        "customer",
    ]
    assert (body["inventoryId"], body["customerId"], body["staffId"]) == (
        rental.inventory_id,
        customer.id,
        store_staff.id,
    )
    assert body["processedBy"]["address"]["cityName"] == "Melbourne"
    assert body["customer"]["address"]["cityName"] == "Sydney"
    assert body["customer"]["preferredStoreId"] is None
    assert body["customer"]["registeredOn"] == "2024-01-02"
    inventory = body["inventory"]
    assert (inventory["id"], inventory["movieId"], inventory["stock"]) == (
        rental.inventory_id,
        rental.inventory.movie_id,
        3,
    )
    assert inventory["store"]["address"]["id"] == store.address_id
    assert inventory["store"]["storeManager"] == {
        "id": store_manager.id,
        "firstName": store_manager.first_name,
        "lastName": "Member",
        "email": store_manager.email,
        "addressId": store_manager.address_id,
        "storeId": store.id,
        "active": True,
        "phoneNumber": store_manager.phone_number,
        "avatar": None,
    }


def test_online_rental_has_no_processor(manager_client, store):
    rental = RentalFactory(inventory=InventoryFactory(store=store), rental_type="online")
    body = manager_client.get(f"/api/rentals/{rental.id}").json()
    assert (body["staffId"], body["processedBy"], body["rentalType"]) == (None, None, "online")


def test_staff_who_processed_it_reads_it(store_staff_client, rental):
    response = store_staff_client.get(f"/api/rentals/{rental.id}")
    assert (response.status_code, response.json()["id"]) == (200, rental.id)


def test_staff_of_the_store_who_did_not_process_it_is_403(store, rental):
    colleague = client_for(StaffFactory(store=store))
    response = colleague.get(f"/api/rentals/{rental.id}")
    assert response.status_code == 403
    assert response.json() == error("You are not authorized to view the resource")


@pytest.mark.parametrize("role", ["other_manager_client", "other_staff_client"])
def test_another_stores_manager_and_staff_are_403(request, role, rental):
    response = request.getfixturevalue(role).get(f"/api/rentals/{rental.id}")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_customer_reads_their_own_rental(customer_client, rental):
    response = customer_client.get(f"/api/rentals/{rental.id}")
    assert response.status_code == 200
    assert response.json()["id"] == rental.id


def test_another_customer_is_403(other_customer_client, rental):
    response = other_customer_client.get(f"/api/rentals/{rental.id}")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_non_numeric_id_is_400(manager_client):
    response = manager_client.get("/api/rentals/abc")
    assert response.status_code == 400
    assert response.json() == error("Invalid id")


@pytest.mark.parametrize("role", ["manager_client", "customer_client"])
def test_unknown_rental_is_404(request, role):
    response = request.getfixturevalue(role).get("/api/rentals/909090")
    assert response.status_code == 404
    assert response.json() == error("No rentals found")


def test_staff_without_a_store_is_400(store_staff_client, store_staff, rental):
    Staff.objects.filter(id=store_staff.id).update(store=None)
    response = store_staff_client.get(f"/api/rentals/{rental.id}")
    assert response.status_code == 400
    assert response.json() == error("Preferred store not found for the customer")
