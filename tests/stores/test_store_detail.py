"""GET /api/stores/{id}."""

import pytest

from tests.factories import AddressFactory, StaffFactory, StoreFactory, make_store_manager
from tests.stores.fixtures import error

pytestmark = pytest.mark.django_db


def test_detail_has_manager_with_the_managers_own_address_and_staff_count(
    anon_client, melbourne, sydney
):
    store = StoreFactory(address=AddressFactory(city=sydney, in_use_by="store"))
    manager = make_store_manager(
        store=store,
        first_name="Mia",
        last_name="Boss",
        email="mia@example.com",
        phone_number="0411000001",
        address=AddressFactory(address_line="9 Home St", city=melbourne, in_use_by="staff"),
    )
    StaffFactory(store=store)
    StaffFactory()  # another store's
    response = anon_client.get(f"/api/stores/{store.id}")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["id", "phoneNumber", "storeManager", "address", "staffCount"]
    assert body["staffCount"] == 2
    assert body["address"]["cityName"] == "Sydney"
    # P15: the manager's address is the manager's, not the store's.
    assert body["storeManager"] == {
        "id": manager.id,
        "firstName": "Mia",
        "lastName": "Boss",
        "email": "mia@example.com",
        "phoneNumber": "0411000001",
        "storeId": store.id,
        "active": True,
        "avatar": None,
        "address": {
            "id": manager.address_id,
            "addressLine": "9 Home St",
            "cityName": "Melbourne",
            "stateName": "Victoria",
            "country": "Australia",
            "postalCode": "3000",
        },
    }


def test_store_without_manager_has_null_manager(anon_client, db):
    store = StoreFactory()
    body = anon_client.get(f"/api/stores/{store.id}").json()
    assert body["storeManager"] is None
    assert body["staffCount"] == 0


def test_non_numeric_id_is_400(anon_client, db):
    response = anon_client.get("/api/stores/abc")
    assert response.status_code == 400
    assert response.json() == error("Invalid store id")


@pytest.mark.parametrize("store_id", ["999", "0", "-3", "99999999999"])
def test_unknown_store_is_404(anon_client, db, store_id):
    response = anon_client.get(f"/api/stores/{store_id}")
    assert response.status_code == 404
    assert response.json() == error("Resources not found")
