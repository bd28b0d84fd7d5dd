"""POST /api/wishlist/{id}/move_to_cart."""

import pytest

from rentals.models import Cart, Wishlist
from tests.factories import CartFactory, WishlistFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(customer):
    return WishlistFactory(customer=customer)


def move(client, row_id):
    return client.post(f"/api/wishlist/{row_id}/move_to_cart")


def test_anonymous_is_401(anon_client, row):
    response = move(anon_client, row.id)
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_staff_is_403(manager_client, row):
    response = move(manager_client, row.id)
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_moves_the_movie_into_the_cart_with_quantity_one(customer_client, customer, row):
    response = move(customer_client, row.id)
    assert response.status_code == 201
    cart = Cart.objects.get(customer=customer)
    assert (cart.movie_id, cart.quantity) == (row.movie_id, 1)
    assert not Wishlist.objects.filter(id=row.id).exists()
    body = response.json()
    assert list(body) == ["id", "quantity", "movie"]
    assert (body["id"], body["quantity"], body["movie"]["id"]) == (cart.id, 1, row.movie_id)


def test_a_movie_already_in_the_cart_gets_one_more_copy(customer_client, customer, row):
    existing = CartFactory(customer=customer, movie=row.movie, quantity=2)
    response = move(customer_client, row.id)
    assert response.status_code == 201
    assert (response.json()["id"], response.json()["quantity"]) == (existing.id, 3)
    assert Cart.objects.get(id=existing.id).quantity == 3
    assert Cart.objects.filter(customer=customer).count() == 1


def test_another_customers_row_is_403_and_stays(other_customer_client, row):
    response = move(other_customer_client, row.id)
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert Wishlist.objects.filter(id=row.id).exists()
    assert not Cart.objects.exists()


@pytest.mark.parametrize("row_id", ["5151", "x"])
def test_unknown_row_is_404(customer_client, row_id):
    response = move(customer_client, row_id)
    assert response.status_code == 404
    assert response.json() == error("Wishlist not found")
