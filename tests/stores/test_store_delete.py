"""DELETE /api/stores/{id}[?forceDelete=true|yes]."""

import pytest

from people.models import Staff
from places.models import Address
from stores.models import Inventory, Store
from tests.factories import CustomerFactory, InventoryFactory, RentalFactory, StaffFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


def delete(client, store, query=""):
    return client.delete(f"/api/stores/{store.id}{query}")


def snapshot():
    return (Store.objects.count(), Staff.objects.count(), Inventory.objects.count())


def test_anonymous_is_401(anon_client, store):
    response = delete(anon_client, store)
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize("role", ["customer_client", "store_staff_client"])
def test_other_roles_are_403(request, role, store):
    response = delete(request.getfixturevalue(role), store, "?forceDelete=true")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_manager_of_another_store_is_403_and_nothing_is_deleted(other_manager_client, store):
    before = snapshot()
    response = delete(other_manager_client, store, "?forceDelete=true")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert snapshot() == before


def test_non_numeric_id_is_400(manager_client):
    response = manager_client.delete("/api/stores/x")
    assert response.status_code == 400
    assert response.json() == error("Invalid store id")


def test_unknown_store_is_404_singular(manager_client):
    response = manager_client.delete("/api/stores/5555")
    assert response.status_code == 404
    assert response.json() == error("Resource not found")


def test_staff_employed_without_force_is_400(manager_client, store):
    before = snapshot()
    response = delete(manager_client, store)
    assert response.status_code == 400
    assert response.json() == error("There are staff employed at the given store")
    assert snapshot() == before


@pytest.mark.parametrize("flag", ["true", "YES", "True"])
def test_force_deletes_store_staff_inventory_and_their_addresses(
    manager_client, store, store_manager, store_staff, flag
):
    InventoryFactory(store=store)
    address_ids = [store.address_id, store_manager.address_id, store_staff.address_id]
    response = delete(manager_client, store, f"?forceDelete={flag}")
    assert response.status_code == 204
    assert not Store.objects.filter(id=store.id).exists()
    assert not Staff.objects.filter(store_id=store.id).exists()
    assert not Staff.objects.filter(id__in=[store_manager.id, store_staff.id]).exists()
    assert not Inventory.objects.filter(store_id=store.id).exists()
    assert not Address.objects.filter(id__in=address_ids).exists()


def test_force_keeps_an_address_someone_else_still_uses(manager_client, store, store_staff):
    customer = CustomerFactory(address=store_staff.address)
    response = delete(manager_client, store, "?forceDelete=yes")
    assert response.status_code == 204
    shared = Address.objects.get(id=customer.address_id)
    assert shared.in_use_by == "customer"


def test_other_force_values_are_not_force(manager_client, store):
    response = delete(manager_client, store, "?forceDelete=1")
    assert response.status_code == 400
    assert response.json() == error("There are staff employed at the given store")


def test_an_empty_force_value_is_not_force(manager_client, store):
    response = delete(manager_client, store, "?forceDelete=")
    assert response.status_code == 400
    assert response.json() == error("There are staff employed at the given store")


def test_a_force_value_is_read_trimmed_and_by_its_last_occurrence(manager_client, store):
    response = delete(manager_client, store, "?forceDelete=no&forceDelete=%20yes%20")
    assert response.status_code == 204
    assert not Store.objects.filter(id=store.id).exists()


def test_rental_history_is_400_and_nothing_is_deleted(manager_client, store):
    RentalFactory(inventory=InventoryFactory(store=store))
    before = snapshot()
    response = delete(manager_client, store, "?forceDelete=true")
    assert response.status_code == 400
    assert response.json() == error("Store has rental history")
    assert snapshot() == before


def test_rentals_processed_by_its_staff_are_history_too(manager_client, store, store_staff):
    RentalFactory(staff=store_staff)  # at another store's inventory
    response = delete(manager_client, store, "?forceDelete=true")
    assert response.status_code == 400
    assert response.json() == error("Store has rental history")


def test_store_preferred_by_customers_is_400(manager_client, store):
    CustomerFactory(preferred_store=store)
    before = snapshot()
    response = delete(manager_client, store, "?forceDelete=true")
    assert response.status_code == 400
    assert response.json() == error("Store is preferred by customers")
    assert snapshot() == before


def test_other_stores_are_untouched(manager_client, store, other_store):
    InventoryFactory(store=other_store)
    StaffFactory(store=other_store)
    delete(manager_client, store, "?forceDelete=true")
    assert Store.objects.filter(id=other_store.id).exists()
    assert Staff.objects.filter(store_id=other_store.id).count() == 2
    assert Inventory.objects.filter(store_id=other_store.id).count() == 1
