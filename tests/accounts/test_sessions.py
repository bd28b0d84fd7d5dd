"""Sessions end on logout, password change and password reset; refresh rotates the refresh
token (docs/security.md "Sessions and tokens")."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.conftest import logged_in_client
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW = {"newPassword": "brand-new-pass", "confirmedNewPassword": "brand-new-pass"}
UNAUTHENTICATED = {"status": "error", "message": "Invalid or expired token"}


def with_cookies(**cookies) -> APIClient:
    client = APIClient()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def tokens_of(client) -> dict:
    return {name: client.cookies[name].value for name in ("auth_token", "refresh_token")}


def test_logout_refuses_the_access_token_it_ended(customer_client):
    access = customer_client.cookies["auth_token"].value
    assert customer_client.get("/api/auth/logout").status_code == 200
    response = with_cookies(auth_token=access).get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_logout_refuses_the_refresh_token_of_the_session(customer_client):
    refresh = customer_client.cookies["refresh_token"].value
    customer_client.get("/api/auth/logout")
    response = with_cookies(refresh_token=refresh).post("/api/auth/refresh")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_logout_ends_the_accounts_other_sessions(customer):
    laptop = logged_in_client(customer.email, PASSWORD)
    phone = logged_in_client(customer.email, PASSWORD)
    phone_tokens = tokens_of(phone)
    laptop.get("/api/auth/logout")
    response = with_cookies(auth_token=phone_tokens["auth_token"]).get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    refresh = with_cookies(refresh_token=phone_tokens["refresh_token"]).post("/api/auth/refresh")
    assert refresh.status_code == 401
    assert refresh.json() == UNAUTHENTICATED


def test_logout_leaves_other_accounts_logged_in(customer_client, staff_client):
    customer_client.get("/api/auth/logout")
    assert staff_client.get("/api/auth/me").status_code == 200


def test_logout_with_only_the_refresh_cookie_ends_the_session(customer_client):
    tokens = tokens_of(customer_client)
    response = with_cookies(refresh_token=tokens["refresh_token"]).get("/api/auth/logout")
    assert response.status_code == 200
    assert response.json() == {"message": "Logged out successfully"}
    answer = with_cookies(auth_token=tokens["auth_token"]).get("/api/auth/me")
    assert answer.status_code == 401
    assert answer.json() == UNAUTHENTICATED


def test_logout_with_a_spent_refresh_cookie_alone_answers_401(customer_client):
    refresh = customer_client.cookies["refresh_token"].value
    customer_client.get("/api/auth/logout")
    response = with_cookies(refresh_token=refresh).get("/api/auth/logout")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_the_refresh_cookie_reaches_logout(customer_client):
    assert customer_client.cookies["refresh_token"]["path"] == "/api/auth"


def test_a_new_login_after_logout_works(customer_client, customer):
    customer_client.get("/api/auth/logout")
    again = logged_in_client(customer.email, PASSWORD)
    assert again.get("/api/auth/me").status_code == 200


def test_password_change_refuses_the_accounts_older_tokens(customer):
    laptop = logged_in_client(customer.email, PASSWORD)
    phone_tokens = tokens_of(logged_in_client(customer.email, PASSWORD))
    body = {"currentPassword": PASSWORD, **NEW}
    assert laptop.put("/api/customers/change_password", body, format="json").status_code == 200
    response = with_cookies(auth_token=phone_tokens["auth_token"]).get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    refresh = with_cookies(refresh_token=phone_tokens["refresh_token"]).post("/api/auth/refresh")
    assert refresh.status_code == 401
    assert refresh.json() == UNAUTHENTICATED


def test_password_change_gives_the_caller_new_cookies(staff_client, staff_member):
    old = tokens_of(staff_client)
    body = {"currentPassword": PASSWORD, **NEW}
    response = staff_client.put("/api/staff/change_password", body, format="json")
    assert response.status_code == 200
    assert response.json() == {"id": staff_member.id, "email": staff_member.email}
    assert response.cookies["auth_token"].value != old["auth_token"]
    assert staff_client.get("/api/auth/me").status_code == 200
    assert staff_client.post("/api/auth/refresh").status_code == 200


def test_a_wrong_current_password_ends_no_session(customer_client):
    body = {"currentPassword": "not-the-password", **NEW}
    response = customer_client.put("/api/customers/change_password", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Current password is not same as actual password",
    }
    assert customer_client.get("/api/auth/me").status_code == 200


@pytest.mark.parametrize("prefix", ["customers", "staff"])
def test_password_reset_refuses_the_accounts_older_tokens(request, prefix):
    record = request.getfixturevalue("customer" if prefix == "customers" else "staff_member")
    client = logged_in_client(record.email, PASSWORD)
    tokens = tokens_of(client)
    reset = APIClient().put(f"/api/{prefix}/{record.id}/forgot_password", NEW, format="json")
    assert reset.status_code == 200
    response = with_cookies(auth_token=tokens["auth_token"]).get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    refresh = with_cookies(refresh_token=tokens["refresh_token"]).post("/api/auth/refresh")
    assert refresh.status_code == 401
    assert refresh.json() == UNAUTHENTICATED


def test_set_password_command_ends_the_accounts_sessions(customer_client, customer):
    call_command("set_password", customer.email, "--password", "brand-new-pass")
    response = customer_client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_a_rehash_at_login_ends_no_session(customer, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    first = logged_in_client(customer.email, PASSWORD)  # upgrades the MD5 hash
    customer.refresh_from_db()
    assert customer.user_password.startswith("pbkdf2_sha256$")
    assert first.get("/api/auth/me").status_code == 200


def test_refresh_rotates_the_refresh_token(customer_client):
    old = customer_client.cookies["refresh_token"].value
    response = customer_client.post("/api/auth/refresh")
    assert response.status_code == 200
    cookie = response.cookies["refresh_token"]
    assert cookie.value and cookie.value != old
    assert (cookie["path"], cookie["httponly"], cookie["max-age"]) == ("/api/auth", True, 604800)
    assert customer_client.post("/api/auth/refresh").status_code == 200


def test_reusing_a_rotated_refresh_token_answers_401(customer_client):
    old = customer_client.cookies["refresh_token"].value
    customer_client.post("/api/auth/refresh")
    response = with_cookies(refresh_token=old).post("/api/auth/refresh")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_refreshed_tokens_belong_to_the_same_session(customer_client):
    customer_client.post("/api/auth/refresh")
    rotated = customer_client.cookies["refresh_token"].value
    customer_client.get("/api/auth/logout")
    response = with_cookies(refresh_token=rotated).post("/api/auth/refresh")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_appointing_a_manager_with_a_password_ends_their_sessions(staff_member):
    client = logged_in_client(staff_member.email, PASSWORD)
    call_command(
        "create_store_manager",
        store=staff_member.store_id,
        email=staff_member.email,
        password="brand-new-pass",
    )
    response = client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_wrong_current_passwords_count_as_failed_logins(customer_client, customer):
    wrong = {"currentPassword": "not-the-password", **NEW}
    for _ in range(10):
        response = customer_client.put("/api/customers/change_password", wrong, format="json")
        assert response.status_code == 400
    right = {"currentPassword": PASSWORD, **NEW}
    response = customer_client.put("/api/customers/change_password", right, format="json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    body = {"email": customer.email, "password": PASSWORD}
    assert APIClient().post("/api/auth/login", body, format="json").status_code == 429
