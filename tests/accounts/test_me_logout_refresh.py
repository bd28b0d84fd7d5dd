"""GET /api/auth/me, GET /api/auth/logout and POST /api/auth/refresh."""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from stores.models import Store
from tests.conftest import logged_in_client
from tests.factories import CustomerFactory, StaffFactory, StoreFactory, make_store_manager

pytestmark = pytest.mark.django_db


def address_of(address):
    return {
        "id": address.id,
        "addressLine": address.address_line,
        "cityName": address.city.city_name,
        "stateName": address.city.state_name,
        "country": address.city.country.country_name,
        "postalCode": address.postal_code,
    }


def test_customer_profile_has_the_contract_shape(anon_client):
    manager = make_store_manager()
    customer = CustomerFactory(preferred_store=manager.store, avatar="https://img.example/a.png")
    body = logged_in_client(customer.email, "Secret-pass-1").get("/api/auth/me").json()
    store = manager.store
    assert body == {
        "id": customer.id,
        "firstName": customer.first_name,
        "lastName": customer.last_name,
        "email": customer.email,
        "active": True,
        "phoneNumber": customer.phone_number,
        "avatar": "https://img.example/a.png",
        "registeredOn": "2024-01-02",
        "preferredStore": {
            "id": store.id,
            "phoneNumber": store.phone_number,
            "storeManager": {
                "id": manager.id,
                "firstName": manager.first_name,
                "lastName": manager.last_name,
                "email": manager.email,
                "active": True,
                "phoneNumber": manager.phone_number,
                "avatar": None,
                "address": address_of(manager.address),
            },
            "address": address_of(store.address),
        },
        "address": address_of(customer.address),
    }


def test_customer_without_store_or_address_has_nulls(db):
    customer = CustomerFactory(address=None, preferred_store=None)
    body = logged_in_client(customer.email, "Secret-pass-1").get("/api/auth/me").json()
    assert body["preferredStore"] is None
    assert body["address"] is None


def test_preferred_store_without_manager_has_null_manager(db):
    customer = CustomerFactory(preferred_store=StoreFactory())
    body = logged_in_client(customer.email, "Secret-pass-1").get("/api/auth/me").json()
    assert body["preferredStore"]["storeManager"] is None


def test_staff_profile_has_the_contract_shape(staff_client, staff_member):
    body = staff_client.get("/api/auth/me").json()
    store = staff_member.store
    assert body == {
        "id": staff_member.id,
        "firstName": staff_member.first_name,
        "lastName": staff_member.last_name,
        "email": staff_member.email,
        "isStoreManager": False,
        "active": True,
        "phoneNumber": staff_member.phone_number,
        "avatar": None,
        "address": address_of(staff_member.address),
        "store": {
            "id": store.id,
            "phoneNumber": store.phone_number,
            "address": address_of(store.address),
        },
    }


def test_staff_without_store_has_null_store_and_manager_flag(db):
    staff = StaffFactory(store=None)
    body = logged_in_client(staff.email, "Secret-pass-1").get("/api/auth/me").json()
    assert body["store"] is None
    assert body["isStoreManager"] is None


def test_logout_answers_message_and_clears_cookies(customer_client):
    response = customer_client.get("/api/auth/logout")
    assert response.status_code == 200
    assert response.json() == {"message": "Logged out successfully"}
    cookie = response.cookies["auth_token"]
    assert cookie.value == ""
    assert cookie["max-age"] == 0
    assert cookie["expires"] == "Thu, 01 Jan 1970 00:00:00 GMT"
    assert (cookie["path"], cookie["secure"], cookie["httponly"], cookie["samesite"]) == (
        "/",
        True,
        True,
        "None",
    )
    assert response.cookies["refresh_token"]["path"] == "/api/auth"


def test_logout_answer_is_exactly_the_message(customer_client):
    response = customer_client.get("/api/auth/logout")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content == b'{"message":"Logged out successfully"}'


def test_logout_also_clears_a_refresh_cookie_under_its_old_path(customer_client):
    response = customer_client.get("/api/auth/logout")
    set_cookies = [morsel.OutputString() for morsel in response.cookies.values()]
    legacy = [line for line in set_cookies if "Path=/api/auth/refresh" in line]
    assert len(legacy) == 1
    assert legacy[0].startswith("refresh_token=; ")
    assert "Max-Age=0" in legacy[0]
    assert "expires=Thu, 01 Jan 1970 00:00:00 GMT" in legacy[0]


def test_logout_from_a_foreign_origin_answers_403_and_keeps_the_session(customer_client):
    response = customer_client.get("/api/auth/logout", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert response.json() == {
        "status": "error",
        "message": "Requests from origin https://evil.example are not allowed",
    }
    assert "auth_token" not in response.cookies
    assert customer_client.get("/api/auth/me").status_code == 200


def test_logout_from_a_foreign_page_without_origin_answers_403(customer_client):
    response = customer_client.get("/api/auth/logout", HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert response.json() == {"status": "error", "message": "Cross-site requests are not allowed"}
    assert customer_client.get("/api/auth/me").status_code == 200


@pytest.mark.parametrize("origin", ["http://localhost:3000", "http://testserver"])
def test_logout_from_an_allowed_origin_logs_out(customer_client, origin):
    response = customer_client.get("/api/auth/logout", HTTP_ORIGIN=origin)
    assert response.status_code == 200
    assert response.cookies["auth_token"].value == ""


def test_logout_needs_a_valid_cookie(anon_client):
    response = anon_client.get("/api/auth/logout")
    assert response.status_code == 401
    assert response.json() == {"status": "error", "message": "Invalid or expired token"}


def test_login_sets_refresh_cookie_scoped_to_the_auth_routes(customer_client):
    cookie = customer_client.cookies["refresh_token"]
    assert cookie["path"] == "/api/auth"
    assert cookie["httponly"] is True
    assert cookie["max-age"] == 7 * 24 * 3600


def test_refresh_issues_a_new_auth_token(customer_client, customer):
    old = customer_client.cookies["auth_token"].value
    response = customer_client.post("/api/auth/refresh")
    assert response.status_code == 200
    assert response.json() == {"message": "Token refreshed"}
    new = response.cookies["auth_token"].value
    assert new and new != old
    assert response.cookies["auth_token"]["max-age"] == 3600
    assert customer_client.get("/api/auth/me").json()["id"] == customer.id


def test_refresh_answer_is_exactly_the_message(customer_client):
    response = customer_client.post("/api/auth/refresh")
    assert response.content == b'{"message":"Token refreshed"}'


def test_refresh_without_cookie_answers_401(anon_client, db):
    response = anon_client.post("/api/auth/refresh")
    assert response.status_code == 401
    assert response.json() == {"status": "error", "message": "Invalid or expired token"}


def test_refresh_token_is_revoked_by_logout(customer_client):
    refresh = customer_client.cookies["refresh_token"].value
    customer_client.get("/api/auth/logout")
    replay = APIClient()
    replay.cookies["refresh_token"] = refresh
    response = replay.post("/api/auth/refresh")
    assert response.status_code == 401
    assert response.json() == {"status": "error", "message": "Invalid or expired token"}


def test_refresh_refused_for_a_deactivated_user(staff_client, staff_member):
    type(staff_member).objects.filter(id=staff_member.id).update(active=False)
    response = staff_client.post("/api/auth/refresh")
    assert response.status_code == 401
    assert response.json() == {"status": "error", "message": "Invalid or expired token"}


def test_refresh_recomputes_the_role(manager_client, store_manager):
    Store.objects.filter(id=store_manager.store_id).update(store_manager=None)
    response = manager_client.post("/api/auth/refresh")
    assert AccessToken(response.cookies["auth_token"].value)["role"] == "STAFF"
