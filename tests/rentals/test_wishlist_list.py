"""GET /api/wishlist."""

import pytest

from tests.factories import MovieFactory, WishlistFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED

pytestmark = pytest.mark.django_db


def test_anonymous_is_401(anon_client):
    response = anon_client.get("/api/wishlist")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_staff_is_403(manager_client):
    response = manager_client.get("/api/wishlist")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_lists_the_callers_rows_by_id(customer_client, customer, other_customer):
    first = WishlistFactory(customer=customer, movie=MovieFactory(title="Alien"))
    second = WishlistFactory(customer=customer)
    WishlistFactory(customer=other_customer)
    response = customer_client.get("/api/wishlist")
    assert response.status_code == 200
    body = response.json()
    assert body["length"] == 2
    assert [item["id"] for item in body["items"]] == [first.id, second.id]
    assert list(body["items"][0]) == ["id", "movie"]
    assert body["items"][0]["movie"]["title"] == "Alien"
    assert body["items"][0]["movie"]["rentalRate"] == "4.99"
