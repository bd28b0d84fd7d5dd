"""PATCH /api/customers/{id}/activate and /deactivate (P6, W4)."""

import pytest

from people.models import Customer
from tests.conftest import logged_in_client
from tests.factories import PASSWORD, CustomerFactory
from tests.people.conftest import error

pytestmark = pytest.mark.django_db


def test_deactivate_flips_the_flag(manager_client, customer):
    response = manager_client.patch(f"/api/customers/{customer.id}/deactivate")
    assert response.status_code == 204
    assert response.content == b""
    assert Customer.objects.get(id=customer.id).active is False


def test_activate_flips_the_flag(manager_client):
    customer = CustomerFactory(active=False)
    response = manager_client.patch(f"/api/customers/{customer.id}/activate")
    assert response.status_code == 204
    assert Customer.objects.get(id=customer.id).active is True


def test_activate_an_active_customer_is_400(manager_client, customer):
    response = manager_client.patch(f"/api/customers/{customer.id}/activate")
    assert response.status_code == 400
    assert response.json() == error("Cannot activate already active customer")


def test_deactivate_an_inactive_customer_is_400(manager_client):
    customer = CustomerFactory(active=False)
    response = manager_client.patch(f"/api/customers/{customer.id}/deactivate")
    assert response.status_code == 400
    assert response.json() == error("Cannot deactivate already inactive customer")
    assert Customer.objects.get(id=customer.id).active is False


@pytest.mark.parametrize("action", ["activate", "deactivate"])
@pytest.mark.parametrize("raw", ["0", "abc"])
def test_invalid_id_is_400(manager_client, action, raw):
    response = manager_client.patch(f"/api/customers/{raw}/{action}")
    assert response.status_code == 400
    assert response.json() == error("Invalid customer id")


@pytest.mark.parametrize("action", ["activate", "deactivate"])
def test_unknown_customer_is_404(manager_client, action):
    response = manager_client.patch(f"/api/customers/999999/{action}")
    assert response.status_code == 404
    assert response.json() == error("Resources not found")


def test_deactivated_customer_loses_access_with_a_live_token(manager_client):
    customer = CustomerFactory()
    client = logged_in_client(customer.email, PASSWORD)
    assert client.get("/api/auth/me").status_code == 200
    manager_client.patch(f"/api/customers/{customer.id}/deactivate")
    response = client.get(f"/api/customers/{customer.id}")
    assert response.status_code == 401
    assert response.json() == error("Invalid or expired token")


def test_deactivated_customer_cannot_log_in(manager_client, anon_client):
    customer = CustomerFactory()
    manager_client.patch(f"/api/customers/{customer.id}/deactivate")
    response = anon_client.post(
        "/api/auth/login", {"email": customer.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 401
    assert response.json() == error("Invalid email or password")


def test_reactivated_customer_can_log_in_again(manager_client, anon_client):
    customer = CustomerFactory(active=False)
    manager_client.patch(f"/api/customers/{customer.id}/activate")
    response = anon_client.post(
        "/api/auth/login", {"email": customer.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
