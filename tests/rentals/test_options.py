"""OPTIONS on the rentals app's write routes: DRF's metadata, without `actions` (the write
bodies are in the OpenAPI schema), as these routes answered before they were generic views."""

import pytest

from tests.factories import CartFactory

pytestmark = pytest.mark.django_db


def metadata(name: str) -> dict:
    return {
        "name": name,
        "description": "",
        "renders": ["application/json"],
        "parses": ["application/json"],
    }


def test_options_on_the_cart_lists_no_actions(customer_client):
    response = customer_client.options("/api/cart")
    assert response.status_code == 200
    assert response.json() == metadata("Cart List")


def test_options_on_a_cart_row_lists_no_actions(customer_client, customer):
    row = CartFactory(customer=customer)
    response = customer_client.options(f"/api/cart/{row.id}")
    assert response.status_code == 200
    assert response.json() == metadata("Cart Detail")


def test_options_on_a_missing_cart_row_is_still_200(customer_client):
    response = customer_client.options("/api/cart/999999")
    assert response.status_code == 200
    assert response.json() == metadata("Cart Detail")


def test_options_on_checkout_lists_no_actions(customer_client):
    response = customer_client.options("/api/rentals/checkout")
    assert response.status_code == 200
    assert response.json() == metadata("Checkout")
