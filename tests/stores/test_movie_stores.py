"""GET /api/movies/{id}/stores."""

import pytest

from tests.factories import AddressFactory, InventoryFactory, MovieFactory, StoreFactory
from tests.stores.fixtures import error

pytestmark = pytest.mark.django_db


def test_lists_every_inventory_row_of_the_movie_most_stock_first(anon_client, melbourne):
    movie = MovieFactory()
    store = StoreFactory(
        phone_number="0290000001",
        address=AddressFactory(
            address_line="1 Main St", city=melbourne, postal_code="3000", in_use_by="store"
        ),
    )
    low = InventoryFactory(movie=movie, stock_count=1)
    empty = InventoryFactory(movie=movie, stock_count=0)
    high = InventoryFactory(movie=movie, store=store, stock_count=4)
    tied = InventoryFactory(movie=movie, stock_count=1)
    InventoryFactory(stock_count=9)  # another movie
    response = anon_client.get(f"/api/movies/{movie.id}/stores")
    assert response.status_code == 200
    body = response.json()
    assert [item["inventoryId"] for item in body["items"]] == [high.id, low.id, tied.id, empty.id]
    assert body["length"] == 4
    assert body["items"][0] == {
        "inventoryId": high.id,
        "stock": 4,
        "store": {
            "id": store.id,
            "storeManagerId": None,
            "phoneNumber": "0290000001",
            "addressLine": "1 Main St",
            "city": "Melbourne",
            "state": "Victoria",
            "country": "Australia",
            "postalCode": "3000",
        },
    }


def test_movie_without_inventory_is_out_of_stock(anon_client, db):
    movie = MovieFactory()
    response = anon_client.get(f"/api/movies/{movie.id}/stores")
    assert response.status_code == 404
    assert response.json() == error("Movie is out of stock")


@pytest.mark.parametrize("movie_id", ["0", "-1", "123456"])
def test_unknown_movie_is_out_of_stock(anon_client, db, movie_id):
    response = anon_client.get(f"/api/movies/{movie_id}/stores")
    assert response.status_code == 404
    assert response.json() == error("Movie is out of stock")


def test_non_numeric_id_is_400(anon_client, db):
    response = anon_client.get("/api/movies/abc/stores")
    assert response.status_code == 400
    assert response.json() == error("Invalid movie id")
