"""DELETE /api/wishlist/{id}."""

import pytest

from rentals.models import Wishlist
from tests.factories import WishlistFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(customer):
    return WishlistFactory(customer=customer)


def test_anonymous_is_401(anon_client, row):
    response = anon_client.delete(f"/api/wishlist/{row.id}")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_staff_is_403(staff_client, row):
    response = staff_client.delete(f"/api/wishlist/{row.id}")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_deletes_the_row(customer_client, row):
    response = customer_client.delete(f"/api/wishlist/{row.id}")
    assert response.status_code == 204
    assert not Wishlist.objects.filter(id=row.id).exists()


def test_another_customers_row_is_403_and_stays(other_customer_client, row):
    response = other_customer_client.delete(f"/api/wishlist/{row.id}")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert Wishlist.objects.filter(id=row.id).exists()


@pytest.mark.parametrize("row_id", ["4040", "nope"])
def test_unknown_row_is_404(customer_client, row_id):
    response = customer_client.delete(f"/api/wishlist/{row_id}")
    assert response.status_code == 404
    assert response.json() == error("Wishlist not found")


def test_put_is_an_unknown_route(customer_client, row):
    response = customer_client.put(f"/api/wishlist/{row.id}", {}, format="json")
    assert response.status_code == 404
    assert response.json() == {"message": f"Route /api/wishlist/{row.id} does not exist"}
