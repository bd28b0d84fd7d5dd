"""GET /api/rentals/{id}: the store's managers and staff (staff only for rentals they
processed), or the customer who rented it."""

import datetime
import json

import pytest
from rest_framework.renderers import JSONRenderer

from people.models import Customer, Staff
from rentals import selectors
from rentals.serializers import RentalDetailSerializer
from tests.factories import (
    AddressFactory,
    InventoryFactory,
    RentalFactory,
    StaffFactory,
    StoreFactory,
)
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


def test_body_is_pinned_byte_for_byte(manager_client, store, store_manager, customer, melbourne):
    processor = StaffFactory(
        store=store, first_name="Pat", email="pat@example.com", phone_number="0411111111"
    )
    processor.address = AddressFactory(
        address_line="1 Reel Avenue", city=melbourne, postal_code="3000", in_use_by="staff"
    )
    processor.save()
    rental = RentalFactory(
        inventory=InventoryFactory(store=store, stock_count=2),
        staff=processor,
        customer=customer,
        rental_end_date=datetime.datetime(2024, 1, 13, 10, 0, 0, 123456, tzinfo=datetime.UTC),
        return_date=datetime.datetime(2024, 1, 15, 9, 30, tzinfo=datetime.UTC),
        delayed_by_days=2,
        amount_paid="12.50",
        discount_amount="1.05",
    )
    store_address, customer_address = store.address, customer.address
    expected = {
        "id": rental.id,
        "inventoryId": rental.inventory_id,
        "customerId": customer.id,
        "staffId": processor.id,
        "rentalStartDate": "2024-01-10T10:00:00.000Z",
        "rentalEndDate": "2024-01-13T10:00:00.123Z",
        "returnDate": "2024-01-15T09:30:00.000Z",
        "rentalDuration": rental.rental_duration,
        "delayedByDays": 2,
        "amountPaid": "12.50",
        "discountAmount": "1.05",
        "paymentDate": "2024-01-10T10:00:00.000Z",
        "rentalType": "in-store",
        "processedBy": {
            "id": processor.id,
            "firstName": "Pat",
            "lastName": "Member",
            "email": "pat@example.com",
            "phoneNumber": "0411111111",
            "avatar": None,
            "address": {
                "id": processor.address_id,
                "addressLine": "1 Reel Avenue",
                "cityName": "Melbourne",
                "stateName": "Victoria",
                "country": "Australia",
                "postalCode": "3000",
            },
        },
        "inventory": {
            "id": rental.inventory_id,
            "movieId": rental.inventory.movie_id,
            "stock": 2,
            "store": {
                "id": store.id,
                "phoneNumber": store.phone_number,
                "storeManager": {
                    "id": store_manager.id,
                    "firstName": store_manager.first_name,
                    "lastName": "Member",
                    "email": store_manager.email,
                    "addressId": store_manager.address_id,
                    "storeId": store.id,
                    "active": True,
                    "phoneNumber": store_manager.phone_number,
                    "avatar": None,
                },
                "address": {
                    "id": store_address.id,
                    "addressLine": store_address.address_line,
                    "cityName": store_address.city.city_name,
                    "stateName": "Victoria",
                    "country": store_address.city.country.country_name,
                    "postalCode": "3000",
                },
            },
        },
        "customer": {
            "id": customer.id,
            "firstName": customer.first_name,
            "lastName": "Customer",
            "email": customer.email,
            "phoneNumber": customer.phone_number,
            "avatar": None,
            "active": True,
            "preferredStoreId": None,
            "registeredOn": "2024-01-02",
            "address": {
                "id": customer_address.id,
                "addressLine": customer_address.address_line,
                "cityName": customer_address.city.city_name,
                "stateName": "Victoria",
                "country": customer_address.city.country.country_name,
                "postalCode": "3000",
            },
        },
    }
    response = manager_client.get(f"/api/rentals/{rental.id}")
    assert response.status_code == 200
    assert response.content == json.dumps(expected, separators=(",", ":")).encode()


def test_missing_relations_are_null_as_the_serializer_sends_them(customer_client, customer):
    store_without_manager = StoreFactory()
    Customer.objects.filter(id=customer.id).update(
        address=None, preferred_store=store_without_manager, avatar="a.png"
    )
    rental = RentalFactory(
        inventory=InventoryFactory(store=store_without_manager),
        customer=customer,
        rental_type="online",
    )
    response = customer_client.get(f"/api/rentals/{rental.id}")
    instance = selectors.rental_detail_queryset().get(id=rental.id)
    assert response.content == JSONRenderer().render(RentalDetailSerializer(instance).data)
    body = response.json()
    assert (body["processedBy"], body["inventory"]["store"]["storeManager"]) == (None, None)
    assert body["customer"]["address"] is None
    assert body["customer"]["preferredStoreId"] == store_without_manager.id


def test_detail_is_two_queries_the_callers_identity_and_the_rental(
    store_staff_client, rental, django_assert_num_queries
):
    # The connection's first detail prepares the statement (reelfake/db/compiled.py).
    store_staff_client.get(f"/api/rentals/{rental.id}")
    with django_assert_num_queries(2):
        response = store_staff_client.get(f"/api/rentals/{rental.id}")
    assert response.status_code == 200


def test_id_past_the_columns_range_is_404(manager_client):
    response = manager_client.get("/api/rentals/2147483648")
    assert response.status_code == 404
    assert response.json() == error("No rentals found")
