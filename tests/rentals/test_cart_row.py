"""PUT and DELETE /api/cart/{id}: the caller's rows only (another customer's → 403)."""

import pytest

from rentals.models import Cart
from tests.factories import CartFactory
from tests.stores.fixtures import FORBIDDEN, UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(customer):
    return CartFactory(customer=customer, quantity=1)


def test_anonymous_is_401(anon_client, row):
    assert anon_client.put(f"/api/cart/{row.id}", {"quantity": 2}, format="json").json() == (
        UNAUTHENTICATED
    )
    assert anon_client.delete(f"/api/cart/{row.id}").status_code == 401


def test_staff_is_403(staff_client, row):
    response = staff_client.delete(f"/api/cart/{row.id}")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_put_changes_the_quantity(customer_client, row):
    response = customer_client.put(f"/api/cart/{row.id}", {"quantity": 11}, format="json")
    assert response.status_code == 204
    assert response.content == b""
    assert Cart.objects.get(id=row.id).quantity == 11


def test_put_without_quantity_changes_nothing(customer_client, row):
    response = customer_client.put(f"/api/cart/{row.id}", {}, format="json")
    assert response.status_code == 204
    assert Cart.objects.get(id=row.id).quantity == 1


@pytest.mark.parametrize("quantity", [0, -3, 2.5, "x"])
def test_put_invalid_quantity_is_400(customer_client, row, quantity):
    response = customer_client.put(f"/api/cart/{row.id}", {"quantity": quantity}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Quantity must be a whole number greater than zero")
    assert Cart.objects.get(id=row.id).quantity == 1


def test_put_another_customers_row_is_403_and_changes_nothing(other_customer_client, row):
    response = other_customer_client.put(f"/api/cart/{row.id}", {"quantity": 5}, format="json")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert Cart.objects.get(id=row.id).quantity == 1


def test_ownership_is_checked_before_the_body(other_customer_client, row):
    response = other_customer_client.put(f"/api/cart/{row.id}", {"quantity": -1}, format="json")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


@pytest.mark.parametrize("cart_id", ["999999", "abc"])
def test_put_unknown_or_non_numeric_id_is_404(customer_client, cart_id):
    response = customer_client.put(f"/api/cart/{cart_id}", {"quantity": 2}, format="json")
    assert response.status_code == 404
    assert response.json() == error("Cart not found")


def test_delete_removes_the_row(customer_client, row):
    response = customer_client.delete(f"/api/cart/{row.id}")
    assert response.status_code == 204
    assert not Cart.objects.filter(id=row.id).exists()


def test_delete_another_customers_row_is_403_and_keeps_it(other_customer_client, row):
    response = other_customer_client.delete(f"/api/cart/{row.id}")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert Cart.objects.filter(id=row.id).exists()


def test_delete_unknown_row_is_404(customer_client):
    response = customer_client.delete("/api/cart/abc")
    assert response.status_code == 404
    assert response.json() == error("Cart not found")


def test_put_null_quantity_changes_nothing(customer_client, row):
    response = customer_client.put(f"/api/cart/{row.id}", {"quantity": None}, format="json")
    assert response.status_code == 204
    assert Cart.objects.get(id=row.id).quantity == 1
