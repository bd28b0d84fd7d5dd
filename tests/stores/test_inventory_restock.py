"""stores.services.inventory_restock: adds copies, with PUT /inventory's rules."""

from dataclasses import dataclass

import pytest
from rest_framework.exceptions import PermissionDenied

from reelfake.exceptions import ApplicationError
from stores.models import Inventory
from stores.services import inventory_restock
from tests.factories import InventoryFactory

pytestmark = pytest.mark.django_db


@dataclass
class Caller:
    store_id: int | None


def test_restock_adds_to_the_current_count():
    row = InventoryFactory(stock_count=2)
    assert inventory_restock(user=Caller(row.store_id), inventory=row, copies=3) == 5
    assert Inventory.objects.get(id=row.id).stock_count == 5


def test_restock_adds_to_a_count_changed_meanwhile():
    row = InventoryFactory(stock_count=2)
    Inventory.objects.filter(id=row.id).update(stock_count=0)  # a checkout, say
    inventory_restock(user=Caller(row.store_id), inventory=row, copies=3)
    assert Inventory.objects.get(id=row.id).stock_count == 3


def test_restock_of_another_store_is_forbidden():
    row = InventoryFactory(stock_count=2)
    with pytest.raises(PermissionDenied):
        inventory_restock(user=Caller(row.store_id + 1), inventory=row, copies=3)
    assert Inventory.objects.get(id=row.id).stock_count == 2


@pytest.mark.parametrize("copies", [0, -1, "1.5", "two", None, True])
def test_restock_needs_a_whole_number_above_zero(copies):
    row = InventoryFactory(stock_count=2)
    with pytest.raises(ApplicationError) as error:
        inventory_restock(user=Caller(row.store_id), inventory=row, copies=copies)
    assert error.value.message == "Stock count must be a whole number greater than zero"


def test_restock_of_a_deleted_row_is_not_found():
    row = InventoryFactory(stock_count=2)
    Inventory.objects.filter(id=row.id).delete()
    with pytest.raises(ApplicationError) as error:
        inventory_restock(user=Caller(row.store_id), inventory=row, copies=1)
    assert (error.value.message, error.value.status) == ("Inventory not found", 404)
