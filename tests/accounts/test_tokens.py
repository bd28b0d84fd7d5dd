"""The auth_token cookie on protected routes: re-checked on every request (W3, W4)."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from people.models import Customer, Staff
from stores.models import Store

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls")]

UNAUTHENTICATED = {"status": "error", "message": "Invalid or expired token"}
FORBIDDEN = {"status": "error", "message": "You are not authorized to perform this operation"}


def client_with(token: str) -> APIClient:
    client = APIClient()
    client.cookies["auth_token"] = token
    return client


def token_for(record, role, **changes) -> str:
    token = AccessToken()
    token["id"], token["email"], token["role"] = record.id, record.email, role
    for key, value in changes.items():
        token[key] = value
    return str(token)


def test_me_without_cookie_answers_401(anon_client):
    response = anon_client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_expired_token_answers_401(customer):
    token = AccessToken()
    token["id"], token["email"], token["role"] = customer.id, customer.email, "CUSTOMER"
    token.set_exp(lifetime=-timedelta(seconds=1))
    response = client_with(str(token)).get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_token_with_wrong_signature_answers_401(customer):
    header, payload, signature = token_for(customer, "CUSTOMER").split(".")
    forged = f"{header}.{payload}.{signature[::-1]}"
    response = client_with(forged).get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_token_with_tampered_role_claim_answers_401(customer_client, customer):
    import base64
    import json

    header, payload, signature = customer_client.cookies["auth_token"].value.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["role"] = "STORE_MANAGER"
    tampered = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    response = client_with(f"{header}.{tampered}.{signature}").get("/api/_probe/manager")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize("garbage", ["abc", "a.b.c", "", "Bearer x"])
def test_malformed_token_answers_401(db, garbage):
    response = client_with(garbage).get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_token_without_role_answers_401(customer):
    token = AccessToken()
    token["id"], token["email"] = customer.id, customer.email
    response = client_with(str(token)).get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_bearer_header_is_accepted(customer):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(customer, 'CUSTOMER')}")
    response = client.get("/api/auth/me")
    assert response.status_code == 200
    assert response.json()["id"] == customer.id


def test_customer_deactivated_after_login_loses_access(customer_client, customer):
    Customer.objects.filter(id=customer.id).update(active=False)
    response = customer_client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_deleted_customer_loses_access(customer_client, customer):
    Customer.objects.filter(id=customer.id).delete()
    response = customer_client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_staff_deactivated_after_login_loses_access(staff_client, staff_member):
    Staff.objects.filter(id=staff_member.id).update(active=False)
    response = staff_client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_demoted_manager_gets_403_on_manager_routes(manager_client, store_manager):
    assert manager_client.get("/api/_probe/manager").status_code == 200
    Store.objects.filter(id=store_manager.store_id).update(store_manager=None)
    response = manager_client.get("/api/_probe/manager")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_demoted_manager_keeps_staff_access(manager_client, store_manager):
    Store.objects.filter(id=store_manager.store_id).update(store_manager=None)
    assert manager_client.get("/api/_probe/staff").status_code == 200


def test_promoted_staff_gets_manager_access_without_new_login(staff_client, staff_member):
    Store.objects.filter(id=staff_member.store_id).update(store_manager=staff_member)
    assert staff_client.get("/api/_probe/manager").status_code == 200


def test_changed_email_invalidates_the_token(customer_client, customer):
    Customer.objects.filter(id=customer.id).update(email="renamed1@example.com")
    response = customer_client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_public_route_ignores_a_stale_cookie(db):
    response = client_with("expired.or.garbage").get("/api/genres")
    assert response.status_code == 200
    assert response.json() == APIClient().get("/api/genres").json()


def test_bearer_token_wins_over_a_stale_cookie(customer):
    client = client_with("stale.cookie.value")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(customer, 'CUSTOMER')}")
    response = client.get("/api/auth/me")
    assert response.status_code == 200
    assert response.json()["id"] == customer.id


def test_bearer_token_wins_over_another_users_valid_cookie(customer, staff_member):
    client = client_with(token_for(staff_member, "STAFF"))
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(customer, 'CUSTOMER')}")
    assert client.get("/api/auth/me").json()["id"] == customer.id


def test_an_invalid_bearer_token_is_not_rescued_by_the_cookie(customer):
    client = client_with(token_for(customer, "CUSTOMER"))
    client.credentials(HTTP_AUTHORIZATION="Bearer not.a.token")
    response = client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize("bad_id", [True, False, 1.0, "1", None, 0, -1, 2**31, 2**70])
def test_token_whose_id_is_not_a_database_id_answers_401(customer, bad_id):
    response = client_with(token_for(customer, "CUSTOMER", id=bad_id)).get("/api/_probe/customer")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize("bad_version", [True, "0", 0.0, -1, None, 2**40])
def test_token_whose_session_version_is_not_an_integer_answers_401(customer, bad_version):
    token = token_for(customer, "CUSTOMER", sessionVersion=bad_version)
    response = client_with(token).get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_token_issued_before_session_versions_holds_until_the_first_logout(customer):
    token = token_for(customer, "CUSTOMER")  # no sessionVersion claim
    assert client_with(token).get("/api/auth/me").status_code == 200
    Customer.objects.filter(id=customer.id).update(session_version=1)
    response = client_with(token).get("/api/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
