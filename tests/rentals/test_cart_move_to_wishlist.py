"""POST /api/cart/{id}/move_to_wishlist."""

import pytest

from rentals.models import Cart, Wishlist
from tests.factories import CartFactory, WishlistFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(customer):
    return CartFactory(customer=customer, quantity=2)


def move(client, row_id):
    return client.post(f"/api/cart/{row_id}/move_to_wishlist")


def test_anonymous_is_401(anon_client, row):
    response = move(anon_client, row.id)
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_staff_is_403(staff_client, row):
    response = move(staff_client, row.id)
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_moves_the_movie_to_the_wishlist(customer_client, customer, row):
    response = move(customer_client, row.id)
    assert response.status_code == 201
    wishlist = Wishlist.objects.get(customer=customer)
    assert wishlist.movie_id == row.movie_id
    assert not Cart.objects.filter(id=row.id).exists()
    body = response.json()
    assert list(body) == ["id", "movie"]
    assert (body["id"], body["movie"]["id"]) == (wishlist.id, row.movie_id)


def test_an_existing_wishlist_row_is_reused(customer_client, customer, row):
    existing = WishlistFactory(customer=customer, movie=row.movie)
    response = move(customer_client, row.id)
    assert response.status_code == 201
    assert response.json()["id"] == existing.id
    assert Wishlist.objects.filter(customer=customer).count() == 1
    assert not Cart.objects.filter(id=row.id).exists()


def test_another_customers_row_is_403_and_stays(other_customer_client, row):
    response = move(other_customer_client, row.id)
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert Cart.objects.filter(id=row.id).exists()
    assert not Wishlist.objects.exists()


@pytest.mark.parametrize("row_id", ["77777", "x"])
def test_unknown_row_is_404(customer_client, row_id):
    response = move(customer_client, row_id)
    assert response.status_code == 404
    assert response.json() == error("Cart not found")
