"""Fixed paths under customers/ and staff/ are not read as ids (P21, URL order)."""

import pytest

from tests.people.conftest import error

pytestmark = pytest.mark.django_db


def test_customer_change_password_is_reachable(customer_client):
    response = customer_client.put("/api/customers/change_password", {}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Request is missing required data")


def test_staff_change_password_is_reachable(staff_client):
    response = staff_client.put("/api/staff/change_password", {}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Request is missing required data")


def test_customer_summary_is_not_an_id(anon_client):
    response = anon_client.get("/api/customers/summary")
    assert response.status_code == 404
    assert response.json() == error("No data found with the given query")  # no customers yet


def test_staff_managers_summary_is_not_an_id(anon_client, db):
    response = anon_client.get("/api/staff/managers/summary")
    assert response.status_code == 200
    assert response.json() == {"items": [], "lenggth": 0, "length": 0}  # no managers yet


def test_routes_are_case_insensitive(caller, customer_a):
    response = caller("staff_1").get(f"/api/Customers/{customer_a.id}")
    assert (response.status_code, response.json()["id"]) == (200, customer_a.id)
