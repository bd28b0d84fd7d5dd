"""Store and inventory admin: writes go through the services, scoped to the manager's
store."""

import pytest
from django.test import Client

from people.models import Staff
from reelfake.exceptions import MSG_FORBIDDEN
from stores.models import Inventory, Store
from tests.factories import (
    PASSWORD,
    AddressFactory,
    InventoryFactory,
    MovieFactory,
    RentalFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(store_manager):
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": store_manager.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_store_list_opens(admin_client, store, other_store):
    response = admin_client.get("/admin/stores/store/")
    assert response.status_code == 200
    assert store.phone_number in response.content.decode()


def test_manager_changes_their_store_through_the_service(admin_client, store, store_staff):
    response = admin_client.post(
        f"/admin/stores/store/{store.id}/change/",
        {"phone_number": "0290000042", "store_manager": store_staff.id},
    )
    assert response.status_code == 302
    store.refresh_from_db()
    store_staff.refresh_from_db()
    assert (store.phone_number, store.store_manager_id) == ("0290000042", store_staff.id)
    assert store_staff.store_id == store.id


def test_a_refused_change_is_a_form_error_and_changes_nothing(admin_client, store, sydney):
    staff = StaffFactory(store=store, address=AddressFactory(city=sydney, in_use_by="staff"))
    response = admin_client.post(
        f"/admin/stores/store/{store.id}/change/",
        {"phone_number": "0290000042", "store_manager": staff.id},
    )
    assert response.status_code == 200
    assert "Cannot assign manager to store outside state" in response.content.decode()
    store.refresh_from_db()
    assert store.phone_number != "0290000042"


def test_another_stores_staff_cannot_be_appointed_in_the_admin(admin_client, store, other_staff):
    response = admin_client.post(
        f"/admin/stores/store/{store.id}/change/",
        {"phone_number": "0290000042", "store_manager": other_staff.id},
    )
    assert response.status_code == 200
    assert MSG_FORBIDDEN in response.content.decode()
    store.refresh_from_db()
    assert store.phone_number != "0290000042"
    assert Staff.objects.get(id=other_staff.id).store_id == other_staff.store_id


def test_another_stores_change_form_is_refused(admin_client, other_store):
    response = admin_client.post(
        f"/admin/stores/store/{other_store.id}/change/", {"phone_number": "0290000042"}
    )
    assert response.status_code == 403
    assert Store.objects.get(id=other_store.id).phone_number != "0290000042"


def test_stores_are_not_added_in_the_admin(admin_client):
    assert admin_client.get("/admin/stores/store/add/").status_code == 403


def test_inventory_is_added_through_the_service(admin_client, store):
    movie = MovieFactory()
    response = admin_client.post(
        "/admin/stores/inventory/add/", {"movie": movie.id, "store": store.id, "stock_count": 4}
    )
    assert response.status_code == 302
    assert Inventory.objects.get(movie=movie, store=store).stock_count == 4


def test_a_duplicate_inventory_row_is_a_form_error(admin_client, store):
    row = InventoryFactory(store=store)
    response = admin_client.post(
        "/admin/stores/inventory/add/",
        {"movie": row.movie_id, "store": store.id, "stock_count": 1},
    )
    assert response.status_code == 200
    assert "Inventory for the movie already exist in the given store" in response.content.decode()
    assert Inventory.objects.filter(movie=row.movie, store=store).count() == 1


def test_inventory_of_another_store_cannot_be_added(admin_client, other_store):
    movie = MovieFactory()
    response = admin_client.post(
        "/admin/stores/inventory/add/",
        {"movie": movie.id, "store": other_store.id, "stock_count": 1},
    )
    assert response.status_code == 200
    assert "You are not authorized to perform this operation" in response.content.decode()
    assert not Inventory.objects.filter(movie=movie).exists()


def test_inventory_with_rentals_is_not_deleted(admin_client, store):
    row = InventoryFactory(store=store)
    RentalFactory(inventory=row)
    admin_client.post(f"/admin/stores/inventory/{row.id}/delete/", {"post": "yes"})
    assert Inventory.objects.filter(id=row.id).exists()


def test_ordinary_staff_have_no_admin(store_staff):
    client = Client()
    client.post("/admin/login/", {"username": store_staff.email, "password": PASSWORD})
    assert client.get("/admin/stores/store/").status_code == 302


def arabic_indic(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def test_inventory_stock_in_other_digits_is_a_form_error(admin_client, store):
    # int() reads "٤" as 4: numbers are ASCII digits (docs/security.md "Numbers").
    movie = MovieFactory()
    response = admin_client.post(
        "/admin/stores/inventory/add/",
        {"movie": movie.id, "store": store.id, "stock_count": arabic_indic(4)},
    )
    assert response.status_code == 200
    assert not Inventory.objects.exists()


def test_a_raw_id_in_other_digits_is_a_form_error(admin_client, store):
    movie = MovieFactory()
    response = admin_client.post(
        "/admin/stores/inventory/add/",
        {"movie": arabic_indic(movie.id), "store": store.id, "stock_count": 4},
    )
    assert response.status_code == 200
    assert not Inventory.objects.exists()
