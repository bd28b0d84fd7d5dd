"""GET /api/stores/{id}/staff."""

import pytest

from tests.factories import StaffFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


def test_anonymous_is_401(anon_client, store):
    response = anon_client.get(f"/api/stores/{store.id}/staff")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_customer_is_403(customer_client, store):
    response = customer_client.get(f"/api/stores/{store.id}/staff")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_lists_the_stores_staff_as_raw_columns(manager_client, store, store_manager):
    member = StaffFactory(store=store, avatar="https://x.test/a.png")
    StaffFactory()  # another store's
    response = manager_client.get(f"/api/stores/{store.id}/staff")
    assert response.status_code == 200
    body = response.json()
    assert body["length"] == 2
    assert [item["id"] for item in body["items"]] == [store_manager.id, member.id]
    assert body["items"][0]["isStoreManager"] is True
    assert body["items"][1] == {
        "id": member.id,
        "firstName": member.first_name,
        "lastName": "Member",
        "email": member.email,
        "addressId": member.address_id,
        "storeId": store.id,
        "active": True,
        "phoneNumber": member.phone_number,
        "avatar": "https://x.test/a.png",
        "isStoreManager": False,
        "store": {
            "id": store.id,
            "storeManagerId": store_manager.id,
            "addressId": store.address_id,
            "phoneNumber": store.phone_number,
        },
    }


def test_staff_may_read_any_store(other_staff_client, store, store_manager):
    response = other_staff_client.get(f"/api/stores/{store.id}/staff")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [store_manager.id]


def test_unknown_store_gives_an_empty_list(manager_client):
    response = manager_client.get("/api/stores/9999/staff")
    assert response.status_code == 200
    assert response.json() == {"items": [], "length": 0}


def test_non_numeric_id_is_400(manager_client):
    response = manager_client.get("/api/stores/one/staff")
    assert response.status_code == 400
    assert response.json() == error("Invalid store id")


def test_optional_page_adds_pagination_and_keeps_items(manager_client, store, store_manager):
    members = [StaffFactory(store=store) for _ in range(50)]
    body = manager_client.get(f"/api/stores/{store.id}/staff?page=2").json()
    assert [item["id"] for item in body["items"]] == [members[-1].id]
    assert body["length"] == 1
    assert body["pagination"]["totalItems"] == 51
    assert body["pagination"]["pageNumber"] == 2


def test_without_page_the_whole_list_has_no_pagination(manager_client, store):
    for _ in range(55):
        StaffFactory(store=store)
    body = manager_client.get(f"/api/stores/{store.id}/staff").json()
    assert body["length"] == 56
    assert "pagination" not in body


def test_invalid_page_is_400(manager_client, store):
    response = manager_client.get(f"/api/stores/{store.id}/staff?page=zero")
    assert response.status_code == 400
    assert response.json() == error("Invalid page number")
