"""POST /api/inventory (snake_case body)."""

import pytest

from stores.models import Inventory
from tests.factories import InventoryFactory, MovieFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


def create(client, body):
    return client.post("/api/inventory", body, format="json")


@pytest.fixture
def movie(db):
    return MovieFactory(title="Heat")


def test_anonymous_is_401(anon_client, movie, store):
    response = create(anon_client, {"movie_id": movie.id, "store_id": store.id, "stock_count": 1})
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_customer_is_403(customer_client, movie, store):
    body = {"movie_id": movie.id, "store_id": store.id, "stock_count": 1}
    response = create(customer_client, body)
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


@pytest.mark.parametrize("role", ["manager_client", "store_staff_client"])
def test_staff_and_manager_stock_their_own_store(request, role, movie, store):
    body = {"movie_id": movie.id, "store_id": store.id, "stock_count": 3}
    response = create(request.getfixturevalue(role), body)
    assert response.status_code == 201
    row = Inventory.objects.get(movie=movie, store=store)
    assert row.stock_count == 3
    body = response.json()
    assert list(body) == ["id", "stock", "movie", "store"]
    assert (body["id"], body["stock"]) == (row.id, 3)
    assert body["movie"]["title"] == "Heat"
    assert body["movie"]["originalTitle"] == "Heat"
    assert body["store"] == {
        "id": store.id,
        "storeManagerId": store.store_manager_id,
        "phoneNumber": store.phone_number,
        "address": body["store"]["address"],
    }
    assert body["store"]["address"]["id"] == store.address_id


@pytest.mark.parametrize("role", ["other_manager_client", "other_staff_client"])
def test_another_stores_staff_and_manager_are_403(request, role, movie, store):
    body = {"movie_id": movie.id, "store_id": store.id, "stock_count": 3}
    response = create(request.getfixturevalue(role), body)
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert not Inventory.objects.exists()


def test_numeric_strings_are_accepted(manager_client, movie, store):
    body = {"movie_id": str(movie.id), "store_id": str(store.id), "stock_count": "2"}
    response = create(manager_client, body)
    assert response.status_code == 201
    row = Inventory.objects.get(movie=movie, store=store)
    assert (response.json()["id"], response.json()["stock"], row.stock_count) == (row.id, 2, 2)


@pytest.mark.parametrize(
    "body",
    [
        {"store_id": 1, "stock_count": 1},
        {"movie_id": 1, "stock_count": 1},
        {"movie_id": 1, "store_id": 1},
        {"movie_id": 1, "store_id": 1, "stock_count": 0},
        {"movie_id": 0, "store_id": 1, "stock_count": 1},
        {"movie_id": 1, "store_id": 1, "stock_count": None},
        {"movie_id": "", "store_id": 1, "stock_count": 1},
    ],
)
def test_missing_or_falsy_fields_are_400(manager_client, body):
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Request is missing required data")


def test_non_json_body_is_missing_data(manager_client):
    response = manager_client.post("/api/inventory", "movie_id=1", content_type="text/plain")
    assert response.status_code == 400
    assert response.json() == error("Request is missing required data")


@pytest.mark.parametrize("stock", [-1, 1.5, "2.5", "many", True, [1]])
def test_fractional_negative_or_non_numeric_stock_is_400(manager_client, movie, store, stock):
    body = {"movie_id": movie.id, "store_id": store.id, "stock_count": stock}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Stock count must be a whole number greater than zero")


def test_non_numeric_movie_id_is_400(manager_client, store):
    body = {"movie_id": "abc", "store_id": store.id, "stock_count": 1}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Movie id must be a number")


def test_non_numeric_store_id_is_400(manager_client, movie):
    body = {"movie_id": movie.id, "store_id": "abc", "stock_count": 1}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Store id must be a number")


def test_unknown_movie_is_404(manager_client, store):
    body = {"movie_id": 987654, "store_id": store.id, "stock_count": 1}
    response = create(manager_client, body)
    assert response.status_code == 404
    assert response.json() == error("Movie not found")


def test_unknown_store_is_404(manager_client, movie):
    body = {"movie_id": movie.id, "store_id": 987654, "stock_count": 1}
    response = create(manager_client, body)
    assert response.status_code == 404
    assert response.json() == error("Store not found")


def test_pair_already_stocked_is_400(manager_client, movie, store):
    InventoryFactory(movie=movie, store=store, stock_count=2)
    body = {"movie_id": movie.id, "store_id": store.id, "stock_count": 1}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Inventory for the movie already exist in the given store")
    assert Inventory.objects.get(movie=movie, store=store).stock_count == 2


def test_pair_stocked_in_a_race_is_the_same_400(manager_client, movie, store, monkeypatch):
    # The existence check ran before the other request committed; the unique index decides.
    InventoryFactory(movie=movie, store=store)
    monkeypatch.setattr(
        "stores.services.Inventory.objects.filter",
        lambda **kwargs: Inventory.objects.none(),
    )
    body = {"movie_id": movie.id, "store_id": store.id, "stock_count": 1}
    response = create(manager_client, body)
    assert response.status_code == 400
    assert response.json() == error("Inventory for the movie already exist in the given store")
