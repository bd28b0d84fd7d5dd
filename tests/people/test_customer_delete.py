"""DELETE /api/customers/{id} (P9, P10)."""

import pytest

from people.models import Customer
from places.models import Address
from rentals.models import Cart, Rental, Wishlist
from tests.factories import (
    CartFactory,
    CustomerFactory,
    RentalFactory,
    StaffFactory,
    WishlistFactory,
)
from tests.people.conftest import UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db


def test_delete_removes_the_customer(manager_client, customer):
    response = manager_client.delete(f"/api/customers/{customer.id}")
    assert response.status_code == 204
    assert response.content == b""
    assert not Customer.objects.filter(id=customer.id).exists()


def test_delete_keeps_and_releases_the_address(manager_client, customer):
    address_id = customer.address_id
    manager_client.delete(f"/api/customers/{customer.id}")
    row = Address.objects.get(id=address_id)
    assert row.in_use_by is None


def test_delete_leaves_a_shared_address_to_its_other_owner(manager_client, customer):
    staff = StaffFactory(address=customer.address)
    manager_client.delete(f"/api/customers/{customer.id}")
    row = Address.objects.get(id=staff.address_id)
    assert row.in_use_by == "staff"
    assert row.address_line == customer.address.address_line


def test_cart_and_wishlist_rows_go_with_the_customer(manager_client, customer):
    CartFactory(customer=customer)
    WishlistFactory(customer=customer)
    other_cart = CartFactory()
    assert manager_client.delete(f"/api/customers/{customer.id}").status_code == 204
    assert not Cart.objects.filter(customer_id=customer.id).exists()
    assert not Wishlist.objects.filter(customer_id=customer.id).exists()
    assert Cart.objects.filter(id=other_cart.id).exists()


def test_customer_with_rentals_is_400_and_nothing_changes(manager_client, customer):
    RentalFactory(customer=customer)
    cart = CartFactory(customer=customer)
    wishlist = WishlistFactory(customer=customer)
    response = manager_client.delete(f"/api/customers/{customer.id}")
    assert response.status_code == 400
    assert response.json() == error("Customer has rentals")
    assert Customer.objects.filter(id=customer.id).exists()
    assert Cart.objects.filter(id=cart.id).exists()
    assert Wishlist.objects.filter(id=wishlist.id).exists()
    assert Address.objects.get(id=customer.address_id).in_use_by == "customer"
    assert Rental.objects.filter(customer_id=customer.id).count() == 1


def test_customer_without_address_is_deleted(manager_client):
    customer = CustomerFactory(address=None)
    response = manager_client.delete(f"/api/customers/{customer.id}")
    assert (response.status_code, response.content) == (204, b"")
    assert not Customer.objects.filter(id=customer.id).exists()


@pytest.mark.parametrize("raw", ["0", "abc"])
def test_invalid_id_is_400(manager_client, raw):
    response = manager_client.delete(f"/api/customers/{raw}")
    assert response.status_code == 400
    assert response.json() == error("Invalid customer id")


def test_unknown_customer_is_404(manager_client):
    response = manager_client.delete("/api/customers/999999")
    assert response.status_code == 404
    assert response.json() == error("Resources not found")


def test_deleted_customer_loses_access_with_a_live_token(manager_client, customer_client, customer):
    manager_client.delete(f"/api/customers/{customer.id}")
    response = customer_client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
