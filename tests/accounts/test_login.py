"""POST /api/auth/login."""

import bcrypt
import pytest
from django.contrib.auth.hashers import check_password
from rest_framework_simplejwt.tokens import AccessToken

from people.models import Customer, Staff
from tests.factories import PASSWORD, CustomerFactory, StaffFactory, make_store_manager

pytestmark = pytest.mark.django_db

URL = "/api/auth/login"
BAD_LOGIN = {"status": "error", "message": "Invalid email or password"}


def login(client, email, password=PASSWORD):
    return client.post(URL, {"email": email, "password": password}, format="json")


def token_claims(response):
    return AccessToken(response.cookies["auth_token"].value).payload


def test_customer_login_answers_profile_and_sets_cookie(anon_client, customer):
    response = login(anon_client, customer.email)
    assert response.status_code == 200
    assert response.json()["id"] == customer.id
    assert response.json()["email"] == customer.email
    assert "userPassword" not in response.json()
    claims = token_claims(response)
    assert (claims["id"], claims["email"], claims["role"]) == (
        customer.id,
        customer.email,
        "CUSTOMER",
    )


def test_auth_cookie_has_the_reference_attributes(anon_client, customer):
    cookie = login(anon_client, customer.email).cookies["auth_token"]
    assert cookie["httponly"] is True
    assert cookie["secure"] is True
    assert cookie["samesite"] == "None"
    assert cookie["path"] == "/"
    assert cookie["max-age"] == 3600
    assert cookie["domain"] == ""


def test_token_expires_one_hour_after_issue(anon_client, customer):
    claims = token_claims(login(anon_client, customer.email))
    assert claims["exp"] - claims["iat"] == 3600
    assert claims["createdAt"].endswith("Z")


def test_staff_member_logs_in_as_staff(anon_client, staff_member):
    response = login(anon_client, staff_member.email)
    assert response.status_code == 200
    assert token_claims(response)["role"] == "STAFF"
    assert response.json()["isStoreManager"] is False


def test_manager_of_own_store_logs_in_as_store_manager(anon_client, store_manager):
    response = login(anon_client, store_manager.email)
    assert token_claims(response)["role"] == "STORE_MANAGER"
    assert response.json()["isStoreManager"] is True


def test_manager_recorded_on_another_store_is_plain_staff(anon_client):
    staff = StaffFactory()
    other = make_store_manager()
    other.store.store_manager = staff
    other.store.save()
    assert token_claims(login(anon_client, staff.email))["role"] == "STAFF"


def test_customer_role_wins_when_email_is_also_staff(anon_client):
    staff = StaffFactory(email="twin1@example.com")
    Staff.objects.filter(id=staff.id).update(email="twin1@example.com")
    customer = CustomerFactory(email="twin1@example.com")
    claims = token_claims(login(anon_client, "twin1@example.com"))
    assert (claims["role"], claims["id"]) == ("CUSTOMER", customer.id)


def test_email_matches_case_insensitively(anon_client, customer):
    assert login(anon_client, customer.email.upper()).status_code == 200


def test_wrong_password_answers_401(anon_client, customer):
    response = login(anon_client, customer.email, "wrong-password")
    assert response.status_code == 401
    assert response.json() == BAD_LOGIN
    assert "auth_token" not in response.cookies


def test_unknown_email_answers_401(anon_client, db):
    response = login(anon_client, "nobody11@example.com")
    assert response.status_code == 401
    assert response.json() == BAD_LOGIN


@pytest.mark.parametrize(
    "body",
    [{}, {"email": "a@example.com"}, {"password": "x"}, {"email": "", "password": ""}],
)
def test_missing_credentials_answer_401(anon_client, db, body):
    response = anon_client.post(URL, body, format="json")
    assert response.status_code == 401
    assert response.json() == BAD_LOGIN


def test_non_string_credentials_answer_401(anon_client, customer):
    response = anon_client.post(URL, {"email": [customer.email], "password": 1}, format="json")
    assert response.status_code == 401
    assert response.json() == BAD_LOGIN


def test_non_object_body_answers_401(anon_client, db):
    response = anon_client.post(URL, ["x"], format="json")
    assert response.status_code == 401
    assert response.json() == BAD_LOGIN


def test_inactive_customer_cannot_log_in(anon_client):
    customer = CustomerFactory(active=False)
    response = login(anon_client, customer.email)
    assert response.status_code == 401
    assert response.json() == BAD_LOGIN


def test_inactive_staff_cannot_log_in(anon_client):
    staff = StaffFactory(active=False)
    response = login(anon_client, staff.email)
    assert response.status_code == 401
    assert response.json() == BAD_LOGIN


def test_user_without_password_cannot_log_in(anon_client):
    staff = StaffFactory(user_password=None)
    response = login(anon_client, staff.email)
    assert response.status_code == 401
    assert response.json() == BAD_LOGIN


def test_reference_bcrypt_hash_verifies_and_is_upgraded(anon_client):
    reference_hash = bcrypt.hashpw(b"reference-pass", bcrypt.gensalt(rounds=10)).decode()
    assert reference_hash.startswith("$2b$10$")
    customer = CustomerFactory(user_password=reference_hash)
    response = login(anon_client, customer.email, "reference-pass")
    assert response.status_code == 200
    stored = Customer.objects.get(id=customer.id).user_password
    assert not stored.startswith("$2")
    assert check_password("reference-pass", stored)


def test_2a_bcrypt_hash_verifies(anon_client):
    reference_hash = bcrypt.hashpw(b"reference-pass", bcrypt.gensalt(rounds=4, prefix=b"2a"))
    staff = StaffFactory(user_password=reference_hash.decode())
    assert login(anon_client, staff.email, "reference-pass").status_code == 200
