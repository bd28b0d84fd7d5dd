"""DELETE /api/inventory/{id}."""

import pytest

from stores.models import Inventory
from tests.factories import InventoryFactory, RentalFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(store):
    return InventoryFactory(store=store)


def test_anonymous_is_401(anon_client, row):
    response = anon_client.delete(f"/api/inventory/{row.id}")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_customer_is_403(customer_client, row):
    response = customer_client.delete(f"/api/inventory/{row.id}")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


@pytest.mark.parametrize("role", ["manager_client", "store_staff_client"])
def test_staff_and_manager_of_the_store_delete_it(request, role, row):
    response = request.getfixturevalue(role).delete(f"/api/inventory/{row.id}")
    assert response.status_code == 204
    assert not Inventory.objects.filter(id=row.id).exists()


@pytest.mark.parametrize("role", ["other_manager_client", "other_staff_client"])
def test_another_stores_staff_and_manager_are_403(request, role, row):
    response = request.getfixturevalue(role).delete(f"/api/inventory/{row.id}")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert Inventory.objects.filter(id=row.id).exists()


def test_non_numeric_id_is_400(manager_client):
    response = manager_client.delete("/api/inventory/abc")
    assert response.status_code == 400
    assert response.json() == error("Invalid id")


def test_unknown_inventory_is_404(manager_client):
    response = manager_client.delete("/api/inventory/31337")
    assert response.status_code == 404
    assert response.json() == error("Resources not found")


def test_inventory_with_rentals_is_400_and_kept(manager_client, row):
    RentalFactory(inventory=row)
    response = manager_client.delete(f"/api/inventory/{row.id}")
    assert response.status_code == 400
    assert response.json() == error("Inventory has rentals")
    assert Inventory.objects.filter(id=row.id).exists()


def test_get_inventory_is_an_unknown_route(manager_client, row):
    response = manager_client.get(f"/api/inventory/{row.id}")
    assert response.status_code == 404
    assert response.json() == {"message": f"Route /api/inventory/{row.id} does not exist"}
