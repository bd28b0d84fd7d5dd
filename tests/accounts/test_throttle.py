"""Failed logins are throttled per email and per client address (10 in 5 minutes)."""

import pytest

from accounts.models import LoginFailure
from tests.factories import PASSWORD, CustomerFactory

pytestmark = pytest.mark.django_db

URL = "/api/auth/login"


def attempt(client, email, password, address="10.1.1.1"):
    return client.post(
        URL, {"email": email, "password": password}, format="json", REMOTE_ADDR=address
    )


def test_eleventh_attempt_after_ten_failures_answers_429(anon_client, customer):
    for _ in range(10):
        assert attempt(anon_client, customer.email, "wrong-pass").status_code == 401
    response = attempt(anon_client, customer.email, PASSWORD)
    assert response.status_code == 429
    assert response.json()["status"] == "error"
    assert response.json()["message"].startswith("Too many failed login attempts")
    assert 1 <= int(response["Retry-After"]) <= 301


def test_failures_from_one_address_throttle_other_emails(anon_client, customer):
    for n in range(10):
        attempt(anon_client, f"guess{n:04d}@example.com", "wrong-pass", address="10.2.2.2")
    assert attempt(anon_client, customer.email, PASSWORD, address="10.2.2.2").status_code == 429


def test_failures_for_one_email_throttle_other_addresses(anon_client, customer):
    for n in range(10):
        attempt(anon_client, customer.email, "wrong-pass", address=f"10.3.3.{n}")
    assert attempt(anon_client, customer.email, PASSWORD, address="10.9.9.9").status_code == 429


def test_other_users_are_not_throttled(anon_client, customer):
    for _ in range(10):
        attempt(anon_client, customer.email, "wrong-pass", address="10.4.4.4")
    other = CustomerFactory()
    assert attempt(anon_client, other.email, PASSWORD, address="10.5.5.5").status_code == 200


def test_successful_logins_are_never_counted(anon_client, customer):
    for _ in range(15):
        assert attempt(anon_client, customer.email, PASSWORD).status_code == 200
    assert not LoginFailure.objects.exists()


def test_nine_failures_still_allow_a_login(anon_client, customer):
    for _ in range(9):
        attempt(anon_client, customer.email, "wrong-pass")
    assert attempt(anon_client, customer.email, PASSWORD).status_code == 200


def test_an_email_too_long_to_store_is_throttled_by_its_digest(anon_client):
    email = "x" * 300 + "@example.com"
    for n in range(10):
        response = attempt(anon_client, email, "wrong-pass", address=f"10.6.6.{n}")
        assert response.status_code == 401
        assert response.json() == {"status": "error", "message": "Invalid email or password"}
    assert attempt(anon_client, email, "wrong-pass", address="10.7.7.7").status_code == 429
    assert all(len(key) <= 200 for key in LoginFailure.objects.values_list("key", flat=True))
