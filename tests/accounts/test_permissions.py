"""The role matrix of reelfake/permissions.py, through probe routes (tests/urls.py)."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls")]

FORBIDDEN = {"status": "error", "message": "You are not authorized to perform this operation"}
MATRIX = {
    # route: roles admitted
    "/api/_probe/customer": {"customer"},
    "/api/_probe/staff": {"staff", "manager"},
    "/api/_probe/manager": {"manager"},
    "/api/_probe/customer-or-manager": {"customer", "manager"},
}


@pytest.mark.parametrize("route", MATRIX)
def test_anonymous_caller_gets_401(anon_client, route):
    response = anon_client.get(route)
    assert response.status_code == 401
    assert response.json() == {"status": "error", "message": "Invalid or expired token"}


@pytest.mark.parametrize("route, admitted", MATRIX.items())
@pytest.mark.parametrize("role", ["customer", "staff", "manager"])
def test_each_role_is_admitted_or_refused(request, route, admitted, role):
    client = request.getfixturevalue(f"{role}_client")
    response = client.get(route)
    if role in admitted:
        assert response.status_code == 200
        assert response.json()["role"] in ("CUSTOMER", "STAFF", "STORE_MANAGER")
    else:
        assert response.status_code == 403
        assert response.json() == FORBIDDEN


def test_own_store_check_admits_the_managers_store(manager_client, store_manager):
    response = manager_client.get(f"/api/_probe/stores/{store_manager.store_id}")
    assert (response.status_code, response.json()) == (200, {"storeId": store_manager.store_id})


def test_own_store_check_refuses_another_store(manager_client, store_manager):
    response = manager_client.get(f"/api/_probe/stores/{store_manager.store_id + 1000}")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
