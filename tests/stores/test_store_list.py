"""GET /api/stores."""

import pytest

from tests.factories import AddressFactory, StoreFactory, make_store_manager

pytestmark = pytest.mark.django_db


def test_lists_every_store_by_id_with_its_address(anon_client, melbourne):
    first = make_store_manager().store
    second = StoreFactory(
        phone_number="0290000002",
        address=AddressFactory(
            address_line="2 Reel Lane", city=melbourne, postal_code="3000", in_use_by="store"
        ),
    )
    response = anon_client.get("/api/stores")
    assert response.status_code == 200
    body = response.json()
    assert body["length"] == 2
    assert [item["id"] for item in body["items"]] == [first.id, second.id]
    assert body["items"][1] == {
        "id": second.id,
        "storeManagerId": None,
        "phoneNumber": "0290000002",
        "address": {
            "id": second.address_id,
            "addressLine": "2 Reel Lane",
            "cityName": "Melbourne",
            "stateName": "Victoria",
            "country": "Australia",
            "postalCode": "3000",
        },
    }
    assert body["items"][0]["storeManagerId"] == first.store_manager_id


def test_empty_list_is_200(anon_client, db):
    response = anon_client.get("/api/stores")
    assert response.status_code == 200
    assert response.json() == {"items": [], "length": 0}


def test_trailing_slash_answers_the_same(anon_client, store):
    assert anon_client.get("/api/stores/").json()["length"] == 1
