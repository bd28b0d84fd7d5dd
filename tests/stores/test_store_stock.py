"""GET /api/stores/{id}/stock."""

import pytest

from tests.factories import InventoryFactory, StoreFactory
from tests.stores.fixtures import error

pytestmark = pytest.mark.django_db


def test_stock_sums_the_stores_inventory(anon_client, store):
    InventoryFactory(store=store, stock_count=3)
    InventoryFactory(store=store, stock_count=0)
    InventoryFactory(store=store, stock_count=12)
    InventoryFactory(stock_count=50)  # another store
    response = anon_client.get(f"/api/stores/{store.id}/stock")
    assert response.status_code == 200
    assert response.json() == {"id": store.id, "stock": 15}


def test_store_without_inventory_has_null_stock(anon_client, db):
    store = StoreFactory()
    assert anon_client.get(f"/api/stores/{store.id}/stock").json() == {
        "id": store.id,
        "stock": None,
    }


def test_unknown_store_has_null_stock_not_404(anon_client, db):
    response = anon_client.get("/api/stores/4242/stock")
    assert response.status_code == 200
    assert response.json() == {"id": 4242, "stock": None}


def test_non_numeric_id_is_400(anon_client, db):
    response = anon_client.get("/api/stores/x1/stock")
    assert response.status_code == 400
    assert response.json() == error("Invalid store id")
