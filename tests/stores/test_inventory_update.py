"""PUT /api/inventory/{id}."""

import pytest

from stores.models import Inventory
from tests.factories import InventoryFactory, MovieFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(store):
    return InventoryFactory(store=store, stock_count=3)


def update(client, row, body):
    return client.put(f"/api/inventory/{row.id}", body, format="json")


def test_anonymous_is_401(anon_client, row):
    response = update(anon_client, row, {"stock_count": 5})
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_customer_is_403(customer_client, row):
    response = update(customer_client, row, {"stock_count": 5})
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


@pytest.mark.parametrize("role", ["manager_client", "store_staff_client"])
def test_staff_and_manager_of_the_store_change_the_stock(request, role, row):
    response = update(request.getfixturevalue(role), row, {"stock_count": 7})
    assert response.status_code == 204
    assert response.content == b""
    row.refresh_from_db()
    assert row.stock_count == 7


@pytest.mark.parametrize("role", ["other_manager_client", "other_staff_client"])
def test_another_stores_staff_and_manager_are_403(request, role, row):
    response = update(request.getfixturevalue(role), row, {"stock_count": 7})
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    row.refresh_from_db()
    assert row.stock_count == 3


def test_scoping_comes_before_the_body(other_manager_client, row):
    response = update(other_manager_client, row, {"stock_count": "lots"})
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_moving_a_row_to_another_store_needs_that_store_too(manager_client, row, other_store):
    response = update(manager_client, row, {"store_id": other_store.id})
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    row.refresh_from_db()
    assert row.store_id != other_store.id


def test_changing_the_movie(manager_client, row):
    movie = MovieFactory()
    assert update(manager_client, row, {"movie_id": movie.id}).status_code == 204
    row.refresh_from_db()
    assert row.movie_id == movie.id


def test_empty_body_changes_nothing(manager_client, row):
    assert update(manager_client, row, {}).status_code == 204
    row.refresh_from_db()
    assert row.stock_count == 3


def test_non_numeric_id_is_400(manager_client):
    response = manager_client.put("/api/inventory/abc", {"stock_count": 1}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Invalid id")


def test_id_with_more_digits_than_int_converts_is_400(manager_client):
    url = f"/api/inventory/{'9' * 5000}"
    response = manager_client.put(url, {"stock_count": 1}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Invalid id")


def test_unknown_inventory_is_404(manager_client):
    response = manager_client.put("/api/inventory/424242", {"stock_count": 1}, format="json")
    assert response.status_code == 404
    assert response.json() == error("Resources not found")


@pytest.mark.parametrize(
    "body, message",
    [
        ({"movie_id": "x"}, "Movie id must be a number"),
        ({"store_id": "x"}, "Store id must be a number"),
        ({"stock_count": 0}, "Stock count must be a whole number greater than zero"),
        ({"stock_count": -2}, "Stock count must be a whole number greater than zero"),
        ({"stock_count": 2.5}, "Stock count must be a whole number greater than zero"),
        ({"stock_count": "x"}, "Stock count must be a whole number greater than zero"),
    ],
)
def test_invalid_fields_are_400(manager_client, row, body, message):
    response = update(manager_client, row, body)
    assert response.status_code == 400
    assert response.json() == error(message)


def test_unknown_movie_is_404(manager_client, row):
    response = update(manager_client, row, {"movie_id": 99999})
    assert response.status_code == 404
    assert response.json() == error("Movie not found")


def test_unknown_store_is_404(manager_client, row):
    response = update(manager_client, row, {"store_id": 99999})
    assert response.status_code == 404
    assert response.json() == error("Store not found")


def test_moving_onto_a_stocked_pair_is_400(manager_client, row, store):
    other = InventoryFactory(store=store)
    response = update(manager_client, row, {"movie_id": other.movie_id})
    assert response.status_code == 400
    assert response.json() == error("Inventory for the movie already exist in the given store")
    assert Inventory.objects.get(id=row.id).movie_id == row.movie_id
