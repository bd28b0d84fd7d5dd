"""PATCH /api/customers/{id}/preferred_store/{store_id} (P2)."""

import pytest

from people.models import Customer
from tests.people.conftest import FORBIDDEN, error

pytestmark = pytest.mark.django_db


def url(customer_id, store_id):
    return f"/api/customers/{customer_id}/preferred_store/{store_id}"


def test_customer_sets_their_preferred_store(caller, customer_a, store_2):
    response = caller("customer_a").patch(url(customer_a.id, store_2.id))
    assert response.status_code == 204
    assert response.content == b""
    assert Customer.objects.get(id=customer_a.id).preferred_store_id == store_2.id


def test_customer_cannot_set_another_customers_store(caller, customer_a, customer_b, store_2):
    response = caller("customer_b").patch(url(customer_a.id, store_2.id))
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert Customer.objects.get(id=customer_a.id).preferred_store_id is None


def test_unknown_store_is_404(caller, customer_a):
    response = caller("customer_a").patch(url(customer_a.id, 999999))
    assert response.status_code == 404
    assert response.json() == error("Resources not found")


def test_unknown_customer_is_404(caller, customer_a, store_1):
    response = caller("customer_a").patch(url(999999, store_1.id))
    assert response.status_code == 404
    assert response.json() == error("Resources not found")


@pytest.mark.parametrize("raw", ["0", "x"])
def test_invalid_customer_id_is_400(caller, customer_a, store_1, raw):
    response = caller("customer_a").patch(url(raw, store_1.id))
    assert response.status_code == 400
    assert response.json() == error("Invalid customer id")


@pytest.mark.parametrize("raw", ["0", "x"])
def test_invalid_store_id_is_400(caller, customer_a, raw):
    response = caller("customer_a").patch(url(customer_a.id, raw))
    assert response.status_code == 400
    assert response.json() == error("Invalid store id")


def test_an_invalid_customer_id_is_reported_before_an_invalid_store_id(caller, customer_a):
    response = caller("customer_a").patch(url("x", "x"))
    assert response.status_code == 400
    assert response.json() == error("Invalid customer id")


def test_an_invalid_store_id_is_400_before_the_customer_is_looked_up(caller, customer_a):
    response = caller("customer_a").patch(url(999999, "x"))
    assert response.status_code == 400
    assert response.json() == error("Invalid store id")


def test_staff_are_refused(caller, customer_a, store_1):
    response = caller("manager_1").patch(url(customer_a.id, store_1.id))
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
