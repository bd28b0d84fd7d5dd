"""POST /api/customers/register (P7, P14)."""

import datetime

import pytest
from django.utils import timezone

from people.models import Customer
from tests.conftest import error
from tests.factories import CustomerFactory, StaffFactory

pytestmark = pytest.mark.django_db

URL = "/api/customers/register"
BODY = {
    "firstName": "Nia",
    "lastName": "New",
    "email": "nianew1@example.com",
    "password": "longenough",
}


def test_register_creates_an_active_customer_and_answers_its_id(anon_client):
    response = anon_client.post(URL, BODY, format="json")
    assert response.status_code == 201
    customer = Customer.objects.get(email="nianew1@example.com")
    assert response.json() == {"id": customer.id}
    assert (customer.first_name, customer.last_name, customer.active) == ("Nia", "New", True)
    assert customer.registered_on == timezone.now().date()
    assert customer.address_id is None and customer.preferred_store_id is None
    assert customer.phone_number is None and customer.avatar is None


def test_register_answer_is_exactly_the_id(anon_client):
    response = anon_client.post(URL, BODY, format="json")
    customer = Customer.objects.get(email="nianew1@example.com")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content == b'{"id":%d}' % customer.id


def test_register_logs_the_customer_in(anon_client):
    response = anon_client.post(URL, BODY, format="json")
    cookie = response.cookies["auth_token"]
    assert (cookie["httponly"], cookie["secure"], cookie["samesite"], cookie["max-age"]) == (
        True,
        True,
        "None",
        3600,
    )
    me = anon_client.get("/api/auth/me")
    assert me.json()["email"] == "nianew1@example.com"


def test_registered_customer_can_log_in(anon_client):
    anon_client.post(URL, BODY, format="json")
    response = anon_client.post(
        "/api/auth/login", {"email": BODY["email"], "password": "longenough"}, format="json"
    )
    assert response.status_code == 200


def test_password_is_stored_hashed(anon_client):
    anon_client.post(URL, BODY, format="json")
    assert Customer.objects.get(email=BODY["email"]).user_password != "longenough"


@pytest.mark.parametrize("missing", ["firstName", "lastName", "email", "password"])
def test_missing_field_answers_400(anon_client, missing):
    body = {**BODY, missing: ""}
    response = anon_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json() == error("Missing required data")
    assert not Customer.objects.exists()


def test_non_string_field_answers_400(anon_client):
    response = anon_client.post(URL, {**BODY, "password": 12345678}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Missing required data")


def test_email_without_at_answers_400(anon_client):
    response = anon_client.post(URL, {**BODY, "email": "nia.example.com"}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Please provide a valid email")


def test_other_domains_are_accepted(anon_client):
    response = anon_client.post(URL, {**BODY, "email": "nia@gmail.com"}, format="json")
    assert response.status_code == 201
    assert response.json() == {"id": Customer.objects.get(email="nia@gmail.com").id}


def test_short_password_answers_400(anon_client):
    response = anon_client.post(URL, {**BODY, "password": "short"}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Password must be at least 8 characters long")


def test_email_of_a_customer_answers_400(anon_client):
    CustomerFactory(email="nianew1@example.com")
    response = anon_client.post(URL, BODY, format="json")
    assert response.status_code == 400
    assert response.json() == error("Customer with the same email already exist")


def test_email_compared_case_insensitively(anon_client):
    CustomerFactory(email="nianew1@example.com")
    response = anon_client.post(URL, {**BODY, "email": "NiaNew1@Example.com"}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Customer with the same email already exist")


def test_email_of_a_staff_member_answers_400(anon_client):
    StaffFactory(email="nianew1@example.com")
    response = anon_client.post(URL, BODY, format="json")
    assert response.status_code == 400
    assert response.json() == error("Customer with the same email already exist")
    assert not Customer.objects.exists()


def test_name_longer_than_45_answers_400(anon_client):
    response = anon_client.post(URL, {**BODY, "firstName": "N" * 46}, format="json")
    assert response.status_code == 400
    assert response.json() == error("First name must be at most 45 characters long")


def test_registration_date_is_today_in_utc(anon_client):
    anon_client.post(URL, BODY, format="json")
    registered = Customer.objects.get().registered_on
    assert registered == datetime.datetime.now(datetime.UTC).date()


# The body's checks run in the contract's order, one message (accounts.serializers
# .RegisterBodySerializer); nothing is written on any of them.


def test_blank_field_answers_400(anon_client):
    response = anon_client.post(URL, {**BODY, "lastName": "   "}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Missing required data")
    assert not Customer.objects.exists()


def test_body_that_is_not_an_object_answers_400(anon_client):
    response = anon_client.post(URL, [BODY], format="json")
    assert response.status_code == 400
    assert response.json() == error("Missing required data")


def test_missing_field_is_named_before_a_bad_email(anon_client):
    body = {**BODY, "firstName": "", "email": "nia.example.com"}
    response = anon_client.post(URL, body, format="json")
    assert response.json() == error("Missing required data")


def test_bad_email_is_named_before_a_short_password(anon_client):
    body = {**BODY, "email": "nia.example.com", "password": "short"}
    response = anon_client.post(URL, body, format="json")
    assert response.json() == error("Please provide a valid email")


def test_short_password_is_named_before_a_long_name(anon_client):
    body = {**BODY, "password": "short", "firstName": "N" * 46}
    response = anon_client.post(URL, body, format="json")
    assert response.json() == error("Password must be at least 8 characters long")


def test_last_name_longer_than_45_answers_400(anon_client):
    response = anon_client.post(URL, {**BODY, "lastName": "N" * 46}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Last name must be at most 45 characters long")
    assert not Customer.objects.exists()


def test_email_longer_than_100_answers_400(anon_client):
    email = "n" * 89 + "@example.com"  # 101 characters
    response = anon_client.post(URL, {**BODY, "email": email}, format="json")
    assert response.status_code == 400
    assert response.json() == error("Email must be at most 100 characters long")
    assert not Customer.objects.exists()


def test_email_is_stored_without_surrounding_spaces(anon_client):
    response = anon_client.post(URL, {**BODY, "email": "  nianew1@example.com "}, format="json")
    assert response.status_code == 201
    assert Customer.objects.get(id=response.json()["id"]).email == "nianew1@example.com"


def test_unknown_fields_are_ignored(anon_client):
    response = anon_client.post(URL, {**BODY, "active": False, "id": 1}, format="json")
    assert response.status_code == 201
    customer = Customer.objects.get(id=response.json()["id"])
    assert customer.active is True
