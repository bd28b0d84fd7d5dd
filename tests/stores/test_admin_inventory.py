"""The inventory admin: scoped to the manager's store, searched and filtered by stock, and
restocked or set through stores.services with their rules and messages."""

import pytest

from stores.models import Inventory
from stores.services import INT_MAX
from tests.admin_clients import manager_admin_client, superuser_admin_client
from tests.factories import InventoryFactory, MovieFactory, make_store_manager

pytestmark = pytest.mark.django_db

URL = "/admin/stores/inventory/"


@pytest.fixture
def manager(db):
    return make_store_manager()


@pytest.fixture
def client(manager):
    return manager_admin_client(manager)


@pytest.fixture
def own_row(manager):
    return InventoryFactory(store=manager.store, stock_count=2)


@pytest.fixture
def other_row(db):
    return InventoryFactory(stock_count=2)


def ids_listed(response) -> list[int]:
    return [row.id for row in response.context["cl"].result_list]


def stock(row) -> int:
    return Inventory.objects.get(id=row.id).stock_count


def test_manager_lists_only_their_stores_inventory(client, own_row, other_row):
    assert ids_listed(client.get(URL)) == [own_row.id]


def test_manager_cannot_open_another_stores_inventory(client, other_row):
    assert client.get(f"{URL}{other_row.id}/change/").status_code == 403


def test_superuser_lists_every_stores_inventory(own_row, other_row):
    response = superuser_admin_client().get(URL)
    assert sorted(ids_listed(response)) == sorted([own_row.id, other_row.id])


def test_low_stock_filter_keeps_rows_with_at_most_one_copy(client, manager, own_row):
    low = InventoryFactory(store=manager.store, stock_count=1)
    empty = InventoryFactory(store=manager.store, stock_count=0)
    assert sorted(ids_listed(client.get(URL, {"stock": "low"}))) == sorted([low.id, empty.id])


def test_search_by_title_words(client, manager, own_row):
    wanted = InventoryFactory(store=manager.store, movie=MovieFactory(title="The Long Reel"))
    assert ids_listed(client.get(URL, {"q": "long reel"})) == [wanted.id]


def test_restock_asks_how_many_copies_first(client, own_row):
    response = client.post(URL, {"action": "restock", "_selected_action": [own_row.id]})
    assert response.status_code == 200
    assert b'name="count"' in response.content
    assert stock(own_row) == 2


def test_restock_adds_copies_through_the_service(client, own_row):
    response = client.post(
        URL,
        {"action": "restock", "_selected_action": [own_row.id], "apply": "1", "count": "3"},
        follow=True,
    )
    assert stock(own_row) == 5
    assert "Added 3 copies to 1 row." in response.content.decode()


def test_restock_with_zero_copies_shows_the_services_error(client, own_row):
    response = client.post(
        URL,
        {"action": "restock", "_selected_action": [own_row.id], "apply": "1", "count": "0"},
        follow=True,
    )
    assert "Stock count must be a whole number greater than zero" in response.content.decode()
    assert stock(own_row) == 2


def test_restock_ignores_another_stores_row(client, other_row):
    client.post(
        URL,
        {"action": "restock", "_selected_action": [other_row.id], "apply": "1", "count": "3"},
    )
    assert stock(other_row) == 2


def test_set_stock_writes_the_count_through_inventory_update(client, own_row):
    response = client.post(
        URL,
        {"action": "set_stock", "_selected_action": [own_row.id], "apply": "1", "count": "7"},
        follow=True,
    )
    assert stock(own_row) == 7
    assert "Set 1 row to 7 copies." in response.content.decode()


def test_set_stock_refuses_a_fraction_with_the_apis_message(client, own_row):
    response = client.post(
        URL,
        {"action": "set_stock", "_selected_action": [own_row.id], "apply": "1", "count": "1.5"},
        follow=True,
    )
    assert "Stock count must be a whole number greater than zero" in response.content.decode()
    assert stock(own_row) == 2


def test_restock_beyond_the_largest_count_is_refused(client, manager):
    row = InventoryFactory(store=manager.store, stock_count=INT_MAX)
    response = client.post(
        URL,
        {"action": "restock", "_selected_action": [row.id], "apply": "1", "count": "1"},
        follow=True,
    )
    assert "Stock count would exceed the largest number a row can hold" in response.content.decode()
    assert stock(row) == INT_MAX
